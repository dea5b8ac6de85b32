using System.Text.Json;
using FluentAssertions;
using Migrations.Build.Tests.Infrastructure;

namespace Migrations.Build.Tests.Integration;

/// <summary>
/// <c>test</c>: every migration up, down and up again on a real database, one definition run on every
/// provider (classes at the end). Each broken migration is written by hand into the class's copy,
/// built, tested and removed again (tests of a class run one after another).
/// </summary>
public abstract partial class CycleTests
{
    protected abstract SampleCopy Copy { get; }

    /// <summary>Options that point the cycle at a scratch database (none: the tool makes a temporary one).</summary>
    protected abstract string[] Scratch(string name);

    protected abstract TestDatabases Databases { get; }

    /// <summary>A database that already has the sample's tables.</summary>
    private string Existing(string name)
    {
        var db = Databases.New(name);
        Copy.Migrate("upgrade", "--no-build", "--connection", db).ExitCode.Should().Be(0);
        return db;
    }

    protected string TextType => Databases.TextType;

    protected string IntegerType => Databases.IntegerType;

    protected ProcessResult Test(string name, params string[] args) => Copy.Migrate(["test", .. args, .. Scratch(name), "--no-build"]);

    /// <summary>The sample with one more migration, written by hand, for the length of <paramref name="check"/>.</summary>
    protected void WithMigration(string id, string up, string down, Action check, string? attribute = null)
    {
        Copy.WriteMigration(id, up, down, attribute);
        try
        {
            Copy.Build();
            check();
        }
        finally
        {
            File.Delete(Path.Combine(Copy.Directory, "Migrations", id + ".cs"));
            Copy.Build();
        }
    }

    protected static IEnumerable<(string Migration, string Direction, bool Ok)> Steps(ProcessResult run)
        => run.Json().GetProperty("steps").EnumerateArray()
            .Select(s => (s.GetProperty("migration").GetString()!, s.GetProperty("direction").GetString()!, s.GetProperty("ok").GetBoolean()));

    protected static string Problems(ProcessResult run)
        => string.Join("\n",
            run.Json().GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("problem"))
                .Where(p => p.ValueKind == JsonValueKind.String).Select(p => p.GetString()));

    [Fact]
    public void The_sample_goes_up_down_and_up_again_cleanly()
    {
        var (init, loans) = (Copy.MigrationId("InitialCreate"), Copy.MigrationId("AddLoans"));

        var run = Test(nameof(The_sample_goes_up_down_and_up_again_cleanly), "--json");

        run.ExitCode.Should().Be(0, run.ToString());
        run.Json().GetProperty("passed").GetBoolean().Should().BeTrue();
        Steps(run).Should().Equal(
            (init, "up", true), (loans, "up", true), (loans, "model", true), (loans, "down", true), (init, "down", true),
            (init, "up-again", true), (loans, "up-again", true));

        var table = Test(nameof(The_sample_goes_up_down_and_up_again_cleanly) + "_table");

        table.ExitCode.Should().Be(0, table.ToString());
        table.Stdout.Should().Contain("up-again").And.Contain(loans).And.Contain("Passed: 7 step(s)");
    }

    [Fact]
    public void A_Down_that_forgets_an_index_is_caught_at_its_migration()
        => WithMigration("20991231000000_ForgetsIndex",
            "migrationBuilder.CreateIndex(name: \"IX_Books_Title\", table: \"Books\", column: \"Title\");\n"
            + "migrationBuilder.CreateIndex(name: \"IX_Books_PublishedOn\", table: \"Books\", column: \"PublishedOn\");",
            "migrationBuilder.DropIndex(name: \"IX_Books_PublishedOn\", table: \"Books\");",
            () =>
            {
                var run = Test(nameof(A_Down_that_forgets_an_index_is_caught_at_its_migration), "--json");

                run.ExitCode.Should().Be(1, run.ToString());
                run.Json().GetProperty("passed").GetBoolean().Should().BeFalse();
                Steps(run).Should().Contain(("20991231000000_ForgetsIndex", "down", false));
                Problems(run).Should()
                    .Contain("20991231000000_ForgetsIndex: Down doesn't undo its Up: index IX_Books_Title on Books is still there after Down");
                run.Stderr.Should().Contain("20991231000000_ForgetsIndex.cs(").And.Contain("error MIG503");
            });

    [Fact]
    public void A_Down_that_restores_a_column_with_another_type_is_caught()
        => WithMigration("20991231000000_RetypesBiography",
            "migrationBuilder.Sql(\"ALTER TABLE \\\"Authors\\\" DROP COLUMN \\\"Biography\\\"\");",
            $"migrationBuilder.AddColumn<int>(name: \"Biography\", table: \"Authors\", type: \"{IntegerType}\", nullable: true);",
            () =>
            {
                var run = Test(nameof(A_Down_that_restores_a_column_with_another_type_is_caught), "--json");

                run.ExitCode.Should().Be(1, run.ToString());
                Problems(run).Should().Contain($"20991231000000_RetypesBiography: Down doesn't undo its Up: Authors.Biography: was {TextType}, "
                    + $"is {IntegerType} after Down");
            });

    [Fact]
    public void An_Up_that_builds_a_column_the_model_does_not_have_is_caught_against_the_model()
        => WithMigration("20991231000000_AddsNickname",
            $"migrationBuilder.AddColumn<string>(name: \"Nickname\", table: \"Members\", type: \"{TextType}\", nullable: true);",
            "migrationBuilder.Sql(\"ALTER TABLE \\\"Members\\\" DROP COLUMN \\\"Nickname\\\"\");",
            () =>
            {
                var run = Test(nameof(An_Up_that_builds_a_column_the_model_does_not_have_is_caught_against_the_model), "--json");

                run.ExitCode.Should().Be(1, run.ToString());
                Steps(run).Should().Contain(("20991231000000_AddsNickname", "model", false)).And.Contain(("20991231000000_AddsNickname", "up-again", true),
                    "the cycle itself is clean; only the model disagrees");
                Problems(run).Should().Contain("Members.Nickname is in the database but not in the model (from 20991231000000_AddsNickname)");
                run.Stderr.Should().Contain("error MIG003");
            });

    [Fact]
    public void An_irreversible_migration_stops_the_cycle_with_a_warning()
        => WithMigration("20991231000000_Irreversible",
            "migrationBuilder.Sql(\"UPDATE \\\"Members\\\" SET \\\"Name\\\" = \\\"Name\\\"\");",
            "throw new System.NotSupportedException(\"the old names can't come back\");",
            () =>
            {
                var run = Test(nameof(An_irreversible_migration_stops_the_cycle_with_a_warning), "--json");

                run.ExitCode.Should().Be(1, run.ToString());
                var json = run.Json();
                json.GetProperty("stoppedAt").GetString().Should().Be("20991231000000_Irreversible");
                Steps(run).Last().Should().Be(("20991231000000_Irreversible", "down", false));
                Problems(run).Should().Contain("Migration Irreversible can't be rolled back: its Down throws").And.Contain("the old names can't come back");
                run.Stderr.Should().Contain("warning MIG502");
            });

    [Fact]
    public void A_database_with_tables_production_and_bad_options_are_refused()
    {
        var existing = Existing(nameof(A_database_with_tables_production_and_bad_options_are_refused));

        var refused = Copy.Migrate("test", "--no-build", "--connection", existing);

        refused.ExitCode.Should().Be(2, refused.ToString());
        refused.Stderr.Should().Contain("already has tables").And.Contain("--allow-existing");

        var allowed = Copy.Migrate("test", "--no-build", "--connection", existing, "--allow-existing", "--from", "InitialCreate", "--json");

        allowed.ExitCode.Should().Be(0, allowed.ToString());
        Steps(allowed).Select(s => s.Migration).Distinct().Should().Equal(Copy.MigrationId("AddLoans"));

        var production = Copy.Migrate(["test", "--no-build", "-e", "Production", .. Scratch("production")]);

        production.ExitCode.Should().Be(4, production.ToString());
        production.Stderr.Should().Contain("never runs in a production environment (Production)");

        var backwards = Copy.Migrate(["test", "InitialCreate", "--from", "AddLoans", "--no-build", .. Scratch("backwards")]);

        backwards.ExitCode.Should().Be(2, backwards.ToString());
        backwards.Stderr.Should().Contain("is after the target");
    }
}

public sealed class SqliteCycleTests(BuiltSample sample) : CycleTests, IClassFixture<BuiltSample>
{
    protected override SampleCopy Copy => sample.Copy;

    protected override string[] Scratch(string name) => [];

    protected override TestDatabases Databases { get; } = new SqliteDatabases(sample.Copy);

    [Fact]
    public void Ignored_tables_are_left_out_and_the_temporary_database_is_deleted()
    {
        var db = Databases.New("with-audit");
        Databases.Execute(db, "CREATE TABLE \"AuditLog\" (\"Id\" INTEGER PRIMARY KEY)");

        var noticed = Copy.Migrate("test", "--no-build", "--connection", db, "--allow-existing", "--json");
        noticed.ExitCode.Should().Be(1, noticed.ToString());
        noticed.Stdout.Should().Contain("table AuditLog is in the database but not in the model");

        var ignored = Copy.Migrate("test", "--no-build", "--connection", db, "--allow-existing", "--ignore-table", "Audit*", "--json");
        ignored.ExitCode.Should().Be(0, ignored.ToString());

        var temporary = Copy.Migrate("test", "--no-build", "--json");
        temporary.ExitCode.Should().Be(0, temporary.ToString());
        var file = temporary.Json().GetProperty("database").GetProperty("connection").GetString()!.Split(';')[0]["Data Source=".Length..];
        File.Exists(file).Should().BeFalse("the temporary database is deleted afterwards");
    }
}

public sealed partial class PostgresCycleTests(LivePostgresSample sample, PostgresServer server) : CycleTests, IClassFixture<LivePostgresSample>
{
    protected override SampleCopy Copy
    {
        get
        {
            server.RequireOrSkip();
            return sample.Copy;
        }
    }

    protected override string[] Scratch(string name) => ["--connection", Databases.New(name)];

    protected override TestDatabases Databases { get; } = new PostgresDatabases(server);

    [Fact]
    public void Without_a_connection_it_makes_a_temporary_database_on_the_server_and_drops_it()
    {
        var run = Copy.Migrate("test", "--no-build");

        run.ExitCode.Should().Be(0, run.ToString());
        var name = CreatedDatabase(run);
        name.Should().StartWith("library_design_time_mtest_");
        run.Stderr.Should().Contain($"Dropped the temporary database {name}.");
        run.Stdout.Should().Contain($"on the temporary database {name} (dropped).");
        server.DatabaseExists(name).Should().BeFalse("the temporary database is dropped afterwards");
        TemporaryDatabases().Should().BeEmpty();
    }
}
