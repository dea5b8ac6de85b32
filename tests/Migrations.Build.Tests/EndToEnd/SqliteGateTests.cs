using FluentAssertions;
using Migrations.Build.Tests.Infrastructure;

namespace Migrations.Build.Tests.EndToEnd;

/// <summary>The Migrations.Build package in a user's project: real restores, builds and publishes.</summary>
[Collection(PackedPackagesCollection.Name)]
public sealed class BuildGateTests(PackedPackages packages) : IDisposable
{
    private readonly GatedSample _sample = new(packages);

    public void Dispose() => _sample.Dispose();

    [Fact]
    public void A_clean_model_builds_without_diagnostics_and_a_rebuild_skips_the_check()
    {
        var first = _sample.Build();

        GatedSample.ShouldSucceed(first);
        GatedSample.Diagnostics(first).Should().BeEmpty();

        var second = _sample.Build("-v:n");

        GatedSample.ShouldSucceed(second);
        second.Stdout.Should().Contain("Skipping target \"_MigrationsCheck\" because all output files are up-to-date");
    }

    [Fact]
    public void Drift_fails_the_build_at_the_property_and_MigrationsGenerate_covers_it()
    {
        _sample.AddMemberPhone();

        var drifted = _sample.Build();

        drifted.ExitCode.Should().NotBe(0, drifted.ToString());
        GatedSample.Diagnostics(drifted).Should().ContainSingle().Which.Should()
            .StartWith(Path.Combine(_sample.Copy.Directory, "Model", "Member.cs") + "(13,5): error MIG001:")
            .And.Contain("Member.Phone: column added");

        GatedSample.ShouldSucceed(_sample.Build("-p:MigrationsCheckOnBuild=false"));
        GatedSample.ShouldSucceed(_sample.Build("-p:DesignTimeBuild=true")); // IDE design-time builds are never gated

        var nameless = _sample.Build("-t:MigrationsGenerate");
        nameless.ExitCode.Should().NotBe(0);
        nameless.Stdout.Should().Contain("MigrationsGenerate needs a name for the migration");

        var generate = _sample.Build("-t:MigrationsGenerate", "-p:MigrationName=AddIt");

        GatedSample.ShouldSucceed(generate);
        _sample.Copy.MigrationFiles().Should().Contain(f => f.EndsWith("_AddIt.cs")).And.Contain(f => f.EndsWith("_AddIt.Designer.cs"));
        var clean = _sample.Build();
        GatedSample.ShouldSucceed(clean);
        GatedSample.Diagnostics(clean).Should().BeEmpty();
    }

    [Fact]
    public void MigrateUp_brings_the_database_to_head_and_a_new_migration_then_warns_MIG002()
    {
        var up = _sample.Build("-t:MigrateUp");

        GatedSample.ShouldSucceed(up);
        up.Stdout.Should().Contain("Migrations: applied 2 migration(s)");
        var current = _sample.Migrate("current", "--no-build", "--json");
        GatedSample.ShouldSucceed(current);
        current.Json().GetProperty("current").GetString().Should().Be(current.Json().GetProperty("head").GetString()).And.EndWith("_AddLoans");

        _sample.AddMemberPhone();
        GatedSample.ShouldSucceed(_sample.Build("-t:MigrationsGenerate", "-p:MigrationName=AddPhone"));
        var pending = _sample.Build();

        GatedSample.ShouldSucceed(pending);
        GatedSample.Diagnostics(pending).Should().ContainSingle().Which.Should()
            .MatchRegex(@"Migrations[/\\]\d{14}_AddPhone\.cs\(\d+,\d+\): warning MIG002: Migration \d{14}_AddPhone is not applied");

        var strict = _sample.Build("--no-incremental", "-p:MSBuildWarningsAsErrors=MIG002");
        strict.ExitCode.Should().NotBe(0, "MSBuildWarningsAsErrors applies to MIG codes: {0}", strict);
        strict.Stdout.Should().Contain("error MIG002");
        var quiet = _sample.Build("--no-incremental", "-p:NoWarn=MIG002");
        GatedSample.ShouldSucceed(quiet);
        GatedSample.Diagnostics(quiet).Should().BeEmpty("NoWarn applies to MIG codes");

        GatedSample.ShouldSucceed(_sample.Build("-t:MigrateUp"));
        _sample.Migrate("current", "--no-build", "--json").Json().GetProperty("current").GetString().Should().EndWith("_AddPhone");

        var other = _sample.Copy.NewDatabase("other");
        GatedSample.ShouldSucceed(_sample.Build("-t:MigrateUp", $"-p:MigrationsConnection={other}", "-p:MigrationsTarget=InitialCreate"));
        SqliteFile.AppliedMigrations(_sample.Copy.DatabasePath(other)).Should().ContainSingle().Which.Should().EndWith("_InitialCreate");
    }

    [Fact]
    public void Publish_is_gated_on_drift_and_writes_the_script_when_asked()
    {
        var publishDir = Path.Combine(_sample.Copy.Directory, "out");

        var publish = _sample.Dotnet("publish", "-o", publishDir, "-p:MigrationsScriptOnPublish=true");

        GatedSample.ShouldSucceed(publish);
        var script = File.ReadAllText(Path.Combine(publishDir, "migrations.sql"));
        script.Should().Contain("CREATE TABLE \"Authors\"").And.Contain("CREATE TABLE \"Loans\"");

        _sample.AddMemberPhone();
        var gated = _sample.Dotnet("publish", "-o", Path.Combine(_sample.Copy.Directory, "out2"), "-p:MigrationsCheckOnBuild=false");

        gated.ExitCode.Should().NotBe(0, gated.ToString());
        gated.Stdout.Should().Contain("error MIG001");
        File.Exists(Path.Combine(_sample.Copy.Directory, "out2", "Library.dll")).Should().BeFalse("a gated publish copies nothing");
    }

    [Fact]
    public void The_publish_gate_checks_the_publish_connection()
    {
        var production = _sample.Copy.NewDatabase("production");
        GatedSample.ShouldSucceed(_sample.Migrate("upgrade", "InitialCreate", "--connection", production));

        var publish = _sample.Dotnet("publish", "-o", Path.Combine(_sample.Copy.Directory, "out"), $"-p:MigrationsPublishConnection={production}");

        GatedSample.ShouldSucceed(publish);
        GatedSample.Diagnostics(publish).Should().ContainSingle().Which.Should().MatchRegex(@"warning MIG002: Migration \d{14}_AddLoans is not applied");
        File.Exists(_sample.Database).Should().BeFalse("the gate reads the publish connection, not the app's own database");
    }

    [Fact]
    public void A_class_library_holding_the_context_is_gated_too()
    {
        _sample.Copy.Edit("Library.csproj", "<OutputType>Exe</OutputType>", "<OutputType>Library</OutputType>");
        File.Delete(Path.Combine(_sample.Copy.Directory, "Program.cs"));

        GatedSample.ShouldSucceed(_sample.Build("-t:MigrateUp"));
        SqliteFile.AppliedMigrations(_sample.Database).Should().HaveCount(2);

        _sample.AddMemberPhone();
        var drifted = _sample.Build();
        drifted.ExitCode.Should().NotBe(0, drifted.ToString());
        GatedSample.Diagnostics(drifted).Should().ContainSingle().Which.Should().Contain("error MIG001");
    }

    [Fact]
    public void MigrationsCheck_alone_builds_first()
    {
        var check = _sample.Build("-t:MigrationsCheck");

        GatedSample.ShouldSucceed(check);
        File.Exists(Path.Combine(_sample.Copy.Directory, "obj", "Debug", "net10.0", "migrations.check.stamp")).Should().BeTrue();
    }
}
