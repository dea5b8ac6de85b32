using FluentAssertions;
using Migrations.Build.Tests.Infrastructure;

namespace Migrations.Build.Tests.Integration;

/// <summary>The sample with a third, unsafe migration (it drops Loans), for what production asks before it runs.</summary>
public sealed class UnsafeSample : IDisposable
{
    public UnsafeSample()
    {
        Copy = new SampleCopy();
        Copy.WriteMigration("20991231000000_DropLoans", "        migrationBuilder.DropTable(name: \"Loans\");", "        migrationBuilder.Sql(\"SELECT 1\");");
        Copy.Build();
    }

    public SampleCopy Copy { get; }

    public void Dispose() => Copy.Dispose();
}

/// <summary>In a production environment, changes that can lose data need a confirmation; elsewhere nothing asks.</summary>
public sealed class ProductionTests(UnsafeSample sample) : IClassFixture<UnsafeSample>
{
    private ProcessResult Migrate(string db, params string[] args) => sample.Copy.Migrate([.. args, "--no-build", "--connection", db]);

    private IReadOnlyList<string> Applied(string db) => SqliteFile.AppliedMigrations(sample.Copy.DatabasePath(db));

    [Fact]
    public void An_unsafe_upgrade_in_production_shows_its_findings_and_runs_only_with_yes()
    {
        var db = sample.Copy.NewDatabase(nameof(An_unsafe_upgrade_in_production_shows_its_findings_and_runs_only_with_yes));

        var refused = Migrate(db, "upgrade", "--environment", "Production");

        refused.ExitCode.Should().Be(4, refused.ToString());
        refused.Stderr.Should().Contain("environment: Production (production)").And.Contain("error MIG101").And.Contain("confirm with --yes");
        File.Exists(sample.Copy.DatabasePath(db)).Should().BeFalse("nothing ran");

        var confirmed = Migrate(db, "upgrade", "--environment", "Production", "--yes");

        confirmed.ExitCode.Should().Be(0, confirmed.ToString());
        Applied(db).Should().HaveCount(3);
    }

    [Fact]
    public void Production_names_are_configurable_and_a_safe_upgrade_never_asks()
    {
        var db = sample.Copy.NewDatabase(nameof(Production_names_are_configurable_and_a_safe_upgrade_never_asks));

        var safe = Migrate(db, "upgrade", "AddLoans", "--environment", "Production");
        var live = sample.Copy.MigrateWith(new Dictionary<string, string?> { ["MIGRATIONS_PRODUCTION_ENVIRONMENTS"] = "Production, Live" },
            "upgrade", "--no-build", "--connection", db, "--environment", "Live");

        safe.ExitCode.Should().Be(0, safe.ToString());
        live.ExitCode.Should().Be(4, live.ToString());
        live.Stderr.Should().Contain("Upgrading the Live database");
        Applied(db).Should().HaveCount(2);
    }

    [Fact]
    public void Downgrade_and_stamp_in_production_need_yes_without_a_terminal()
    {
        var db = sample.Copy.NewDatabase(nameof(Downgrade_and_stamp_in_production_need_yes_without_a_terminal));
        Migrate(db, "upgrade", "AddLoans").ExitCode.Should().Be(0);

        var down = Migrate(db, "downgrade", "-1", "--environment", "Production");
        var stamp = Migrate(db, "stamp", "base", "--environment", "Production");

        down.ExitCode.Should().Be(4, down.ToString());
        down.Stderr.Should().Contain("confirm with --yes");
        stamp.ExitCode.Should().Be(4, stamp.ToString());
        Applied(db).Should().HaveCount(2, "nothing changed");

        Migrate(db, "downgrade", "-1", "--environment", "Production", "--yes").ExitCode.Should().Be(0);
        Applied(db).Should().ContainSingle();
    }

    [Fact]
    public void On_a_terminal_production_shows_the_plan_with_rows_at_risk_and_asks_for_yes()
    {
        var db = sample.Copy.NewDatabase(nameof(On_a_terminal_production_shows_the_plan_with_rows_at_risk_and_asks_for_yes));

        var safe = sample.Copy.MigrateOnTerminal(string.Empty, "upgrade", "AddLoans", "--no-build", "--connection", db, "-e", "Production");

        safe.ExitCode.Should().Be(0, safe.ToString());
        safe.Stdout.Should().NotContain("Type 'yes'", "a safe upgrade never asks");
        SqliteFile.Execute(sample.Copy.DatabasePath(db), """
            INSERT INTO "Authors" ("Name") VALUES ('Ursula K. Le Guin');
            INSERT INTO "Books" ("Title", "Isbn", "PublishedOn", "AuthorId") VALUES ('Earthsea', '9780547773742', '1968-11-01', 1);
            INSERT INTO "Members" ("Name", "Email", "JoinedAt") VALUES ('Ada', 'ada@example.org', '2024-01-01');
            INSERT INTO "Loans" ("BookId", "MemberId", "LoanedAt", "DueOn") VALUES (1, 1, '2024-02-01', '2024-03-01'), (1, 1, '2024-04-01', '2024-05-01');
            """);

        var declined = sample.Copy.MigrateOnTerminal("no", "upgrade", "--no-build", "--connection", db, "-e", "Production");

        declined.ExitCode.Should().Be(4, declined.ToString());
        declined.Stdout.Should().Contain("1 migration(s), risk high").And.Contain("MIG101").And.Contain("Loans")
            .And.Contain("This will run unsafe migrations up to head in the Production environment. Type 'yes' to go on:").And.Contain("Not confirmed");
        Applied(db).Should().HaveCount(2, "nothing ran");

        var confirmed = sample.Copy.MigrateOnTerminal("yes", "downgrade", "InitialCreate", "--no-build", "--connection", db, "-e", "Production", "--verbose");

        confirmed.ExitCode.Should().Be(0, confirmed.ToString());
        confirmed.Stdout.Should().MatchRegex(@"│ MIG101 │[^\n]*│ Loans *│ 2 ", "the plan counts the rows the Down drops")
            .And.Contain("This will revert migrations down to InitialCreate in the Production environment");
        System.Text.RegularExpressions.Regex.Matches(confirmed.Stdout, @"timing: engine process \((\w+)\)").Select(m => m.Groups[1].Value)
            .Should().Equal(["downgrade"], "the plan, the question and the move are one engine run");
        Applied(db).Should().ContainSingle();
    }

    [Fact]
    public void Prod_check_passes_a_database_at_head_and_fails_an_unsafe_pending_migration_without_a_backup_or_with_the_lock_held()
    {
        var db = sample.Copy.NewDatabase(
            nameof(Prod_check_passes_a_database_at_head_and_fails_an_unsafe_pending_migration_without_a_backup_or_with_the_lock_held));
        var backups = Path.Combine(sample.Copy.Directory, "prod-backups-" + Guid.NewGuid().ToString("N")[..6]);
        Migrate(db, "upgrade", "AddLoans").ExitCode.Should().Be(0);

        var pending = Migrate(db, "prod-check", "--backup-dir", backups, "--json");

        pending.ExitCode.Should().Be(1, pending.ToString());
        var checks = Checks(pending);
        checks.Should().Contain("connection", true).And.Contain("pending migrations", true).And.Contain("model matches the migrations", true)
            .And.Contain("migrations lock", true).And.Contain("safety of pending migrations", false).And.Contain("recent backup", false);
        pending.Json().GetProperty("pending").EnumerateArray().Select(p => p.GetString()).Should().Equal("20991231000000_DropLoans");

        Migrate(db, "backup", "--backup-dir", backups).ExitCode.Should().Be(0);
        Checks(Migrate(db, "prod-check", "--backup-dir", backups, "--json")).Should().Contain("recent backup", true);
        using (new FileStream(sample.Copy.DatabasePath(db) + ".migrations-lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            Checks(Migrate(db, "prod-check", "--backup-dir", backups, "--json")).Should().Contain("migrations lock", false);
        }

        Migrate(db, "upgrade", "--yes").ExitCode.Should().Be(0);
        var ready = Migrate(db, "prod-check", "--backup-dir", backups);

        ready.ExitCode.Should().Be(0, ready.ToString());
        ready.Stdout.Should().Contain("Ready for the deploy");
        Applied(db).Should().HaveCount(3, "prod-check changes nothing");
    }

    private static Dictionary<string, bool> Checks(ProcessResult run)
        => run.Json().GetProperty("checks").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("ok").GetBoolean());
}
