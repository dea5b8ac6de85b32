using FluentAssertions;
using Migrations.Build.Tests.Infrastructure;

namespace Migrations.Build.Tests.EndToEnd;

/// <summary>
/// The layouts dotnet ef supports, through the packed package: a DbContext in a class library that a
/// web project configures, entities in a third project, migrations in a project of their own. The
/// package works on either side; findings land in whichever project declares what they are about.
/// </summary>
[Collection(PackedPackagesCollection.Name)]
public sealed class LayoutTests(PackedPackages packages)
{
    [Fact]
    public void On_the_web_project_the_gate_finds_entities_in_another_project_and_Generate_writes_into_the_migrations_assembly()
    {
        using var app = new LayeredApp(packages, packageOn: "WebHost", migrationsProject: true);
        FieldApp.ShouldSucceed(app.Build("WebHost", "-p:MigrationsCheckOnBuild=false"));

        // The first migration, generated from the web side: it goes where MigrationsAssembly says.
        var generated = app.Build("WebHost", "-t:MigrationsGenerate", "-p:MigrationName=Initial");
        FieldApp.ShouldSucceed(generated);
        app.MigrationFiles("DataMigrations", "*_Initial.cs").Should().ContainSingle(generated.ToString());
        app.MigrationFiles("WebHost", "*.cs").Should().BeEmpty("the web project does not build the migrations assembly");
        FieldApp.ShouldSucceed(app.Build("WebHost"));

        // An edit the model can't depend on repeats the last check without starting the engine; an edit
        // inside the library's context is drift, though the web project's own assembly wasn't compiled again.
        app.Edit("WebHost/Clock.cs", "\"UTC\"", "\"local\"");
        var repeated = app.Build("WebHost", "-v:n");
        FieldApp.ShouldSucceed(repeated);
        repeated.Stdout.Should().Contain("nothing the model or the check reads changed since it last passed");
        app.Edit("DataLib/BlogDb.cs", "HasMaxLength(200)", "HasMaxLength(200).HasColumnName(\"Heading\")");
        var internalDrift = app.Build("WebHost");
        internalDrift.ExitCode.Should().NotBe(0);
        internalDrift.Stdout.Should().Contain("error MIG001");

        // Drift in the entities project is reported at the entity's own file.
        app.AddBody();
        var drift = app.Build("WebHost");
        drift.ExitCode.Should().NotBe(0);
        drift.Stdout.Should().MatchRegex(@"Entities/Blog\.cs\(\d+,\d+\): error MIG001");

        FieldApp.ShouldSucceed(app.Build("WebHost", "-t:MigrationsGenerate", "-p:MigrationName=AddBody"));
        app.MigrationFiles("DataMigrations", "*_AddBody.cs").Should().ContainSingle();
        var up = app.Build("WebHost", "-t:MigrateUp");
        FieldApp.ShouldSucceed(up);
        up.Stdout.Should().Contain("Migrations: applied 2 migration(s)");

        // The tool on the web project finds the same.
        var current = app.Migrate("WebHost", "current", "--json");
        FieldApp.ShouldSucceed(current);
        current.Json().GetProperty("current").GetString().Should().EndWith("_AddBody");
    }

    [Fact]
    public void On_the_library_MigrationsStartupProject_names_the_app_that_configures_its_context()
    {
        // Without it, the library can't create its context: the error says what to set.
        using (var alone = new LayeredApp(packages, packageOn: "DataLib"))
        {
            var failed = alone.Build("DataLib");
            failed.ExitCode.Should().NotBe(0);
            failed.Stdout.Should().Contain("error MIG904").And.Contain("<MigrationsStartupProject>");
        }

        using var app = new LayeredApp(packages, packageOn: "DataLib",
            libraryExtra: "<PropertyGroup><MigrationsStartupProject>../WebHost/WebHost.csproj</MigrationsStartupProject></PropertyGroup>");
        var generated = app.Build("DataLib", "-t:MigrationsGenerate", "-p:MigrationName=Initial");
        FieldApp.ShouldSucceed(generated);
        app.MigrationFiles("DataLib", "*_Initial.cs").Should().ContainSingle(generated.ToString());
        FieldApp.ShouldSucceed(app.Build("DataLib"));

        app.AddBody();
        var drift = app.Build("DataLib");
        drift.ExitCode.Should().NotBe(0);
        drift.Stdout.Should().MatchRegex(@"Entities/Blog\.cs\(\d+,\d+\): error MIG001");

        FieldApp.ShouldSucceed(app.Build("DataLib", "-t:MigrationsGenerate", "-p:MigrationName=AddBody"));
        var up = app.Build("DataLib", "-t:MigrateUp");
        FieldApp.ShouldSucceed(up);
        up.Stdout.Should().Contain("Migrations: applied 2 migration(s)");
    }

    [Fact]
    public void A_multi_targeted_app_is_checked_once_and_an_explicit_check_reaches_its_inner_build()
    {
        Runtimes.RequireFor("net8.0");
        using var field = new FieldApp(packages, new EFCoreApp("net8.0", "8.0.34", "sqlite", "8.0.34"), "Data Source=blog.db",
            extra: "<PropertyGroup><TargetFramework></TargetFramework><TargetFrameworks>net8.0;net10.0</TargetFrameworks></PropertyGroup>");
        FieldApp.ShouldSucceed(field.Build("-p:MigrationsCheckOnBuild=false"));
        FieldApp.ShouldSucceed(field.Migrate("revision", "-m", "Initial", "--framework", "net8.0"));

        var first = field.Build("-v:n");
        FieldApp.ShouldSucceed(first);
        first.Stdout.Should().NotContain("its findings are repeated");
        var second = field.Build("-v:n");
        second.Stdout.Should().Contain("its findings are repeated", "nothing changed");
        second.Stdout.Split('\n').Count(l => l.Contains("its findings are repeated")).Should().Be(1, "only the first framework's build checks");

        var explicitCheck = field.Build("-t:MigrationsCheck", "-v:n");
        FieldApp.ShouldSucceed(explicitCheck);
        explicitCheck.Stdout.Should().NotContain("its findings are repeated", "-t:MigrationsCheck checks, in the inner build too");
    }
}
