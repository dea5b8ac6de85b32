using FluentAssertions;
using Migrations.Build.Tests.Infrastructure;

namespace Migrations.Build.Tests.EndToEnd;

/// <summary>Migration code asks MigrationEnvironment where it runs: the package compiles it into the project.</summary>
[Collection(PackedPackagesCollection.Name)]
public sealed class MigrationEnvironmentTests(PackedPackages packages) : IDisposable
{
    private readonly GatedSample _sample = new(packages);

    public void Dispose() => _sample.Dispose();

    [Fact]
    public void A_migration_sees_Development_by_default_and_Production_when_deployed_there()
    {
        _sample.Copy.WriteMigration("20991231000000_EnvironmentSpecific",
            "        migrationBuilder.Sql($\"CREATE TABLE \\\"Seen_{(global::Migrations.Build.MigrationEnvironment.Name)}\\\" (x INTEGER)\");\n"
            + "        if (global::Migrations.Build.MigrationEnvironment.IsProduction) { migrationBuilder.Sql(\"CREATE TABLE "
            + "\\\"ProductionOnly\\\" (x INTEGER)\"); }",
            "        migrationBuilder.Sql(\"SELECT 1\");");
        var production = _sample.Copy.NewDatabase("production");

        GatedSample.ShouldSucceed(_sample.Build("-t:MigrateUp"));
        GatedSample.ShouldSucceed(_sample.Build("-t:MigrateUp", $"-p:MigrationsConnection={production}",
            "-p:MigrationsEnvironment=Production", "-p:MigrationsYes=true"));

        SqliteFile.Tables(_sample.Copy.DatabasePath(_sample.Database)).Should().Contain("Seen_Development").And.NotContain("ProductionOnly");
        SqliteFile.Tables(_sample.Copy.DatabasePath(production)).Should().Contain(["Seen_Production", "ProductionOnly"]);
    }
}
