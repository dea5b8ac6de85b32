using FluentAssertions;
using Migrations.Build.Tests.Infrastructure;

namespace Migrations.Build.Tests.EndToEnd;

/// <summary>MigrationsValidate, MigrationsBackup and MigrationsRollback on the packed package: the same commands as the tool.</summary>
[Collection(PackedPackagesCollection.Name)]
public sealed class RollbackTargetsTests(PackedPackages packages) : IDisposable
{
    private readonly GatedSample _sample = new(packages);

    public void Dispose() => _sample.Dispose();

    [Fact]
    public void Validate_backup_and_rollback_targets_count_back_up_and_revert()
    {
        GatedSample.ShouldSucceed(_sample.Build("-t:MigrateUp"));
        var database = _sample.Copy.DatabasePath(_sample.Database);
        SqliteFile.Execute(database, "INSERT INTO Members (Name, Email, JoinedAt) VALUES ('Ada', 'ada@example.com', '2024-01-01')");

        var validate = _sample.Build("-t:MigrationsValidate", "-p:MigrationsTarget=base");

        validate.ExitCode.Should().NotBe(0, "high risk fails the target: {0}", validate);
        GatedSample.Diagnostics(validate).Should().Contain(d => d.Contains("error MIG101: Table Members is dropped") && d.Contains("Rows at risk: 1"))
            .And.Contain(d => d.Contains("warning MIG101: Table Loans is dropped") && d.Contains("Rows at risk: 0"));

        var backup = _sample.Build("-t:MigrationsBackup", "-p:MigrationsBackupName=before-rollback");

        GatedSample.ShouldSucceed(backup);
        backup.Stdout.Should().MatchRegex(@"Migrations: backed up 4 table\(s\), 1 row\(s\) to .*before-rollback_\d{8}_\d{6}\.json");

        var nameless = _sample.Build("-t:MigrationsRollback");
        nameless.ExitCode.Should().NotBe(0);
        nameless.Stdout.Should().Contain("MigrationsRollback needs a target");

        var refused = _sample.Build("-t:MigrationsRollback", "-p:MigrationsTarget=base");
        refused.ExitCode.Should().NotBe(0, refused.ToString());
        refused.Stdout.Should().Contain("puts data at risk");
        SqliteFile.AppliedMigrations(database).Should().HaveCount(2, "a refused rollback changes nothing");

        // A production name of the team's own: MSBuild knows it as the tool does.
        _sample.Copy.Environment["MIGRATIONS_PRODUCTION_ENVIRONMENTS"] = "Production,Live";
        _sample.Copy.Environment["ASPNETCORE_ENVIRONMENT"] = "Live";
        var production = _sample.Build("-t:MigrationsRollback", "-p:MigrationsTarget=base", "-p:MigrationsForce=true");
        production.ExitCode.Should().NotBe(0);
        production.Stdout.Should().Contain("This would roll back the Live database to base").And.Contain("-p:MigrationsYes=true");
        SqliteFile.AppliedMigrations(database).Should().HaveCount(2, "a refused rollback changes nothing");

        var rollback = _sample.Build("-t:MigrationsRollback", "-p:MigrationsTarget=base", "-p:MigrationsForce=true", "-p:MigrationsYes=true");

        GatedSample.ShouldSucceed(rollback);
        rollback.Stdout.Should().MatchRegex(@"rolled back 2 migration\(s\).*rollback_backup_\d{8}_\d{6}\.json");
        SqliteFile.AppliedMigrations(database).Should().BeEmpty();
        var saved = Directory.GetFiles(Path.Combine(_sample.Copy.Directory, "migrations-backups"), "rollback_backup_*.json").Should().ContainSingle().Subject;
        File.ReadAllText(saved).Should().Contain("ada@example.com", "the dropped table's rows were backed up first");

        var audit = File.ReadAllLines(Path.Combine(_sample.Copy.Directory, "migrations-audit.jsonl"))
            .Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement)
            .Select(l => (l.GetProperty("command").GetString(), l.GetProperty("outcome").GetString())).ToList();
        audit.Should().ContainInOrder(("msbuild:upgrade", "success"), ("msbuild:validate", "findings"), ("msbuild:backup", "success"),
            ("msbuild:rollback", "findings"), ("msbuild:rollback", "success"));
    }
}
