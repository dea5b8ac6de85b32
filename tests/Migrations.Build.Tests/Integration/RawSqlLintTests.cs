using System.Data.Common;
using System.Text.Json;
using FluentAssertions;
using Migrations.Build.Tests.Infrastructure;

namespace Migrations.Build.Tests.Integration;

/// <summary>
/// lint, validate and rollback on the patterns of real apps' migrations (see RawSqlSample): one
/// finding per statement, raw SQL read as the operation it performs, EF Core's bookkeeping not
/// counted as data. One definition, run on SQLite and PostgreSQL (classes at the end).
/// </summary>
public abstract class RawSqlLintTests
{
    protected abstract SampleCopy Copy { get; }

    protected abstract TestDatabases Databases { get; }

    protected ProcessResult Migrate(string db, params string[] args) => Copy.Migrate([.. args, "--no-build", "--connection", db]);

    private string BackupDir { get; } = Path.Combine(Path.GetTempPath(), "migrations-build-tests", "backups-" + Guid.NewGuid().ToString("N")[..8]);

    /// <summary>The findings lint reports on one migration, as "rule severity: message".</summary>
    protected List<string> Lint(string migration)
    {
        // A database at the sample's own migrations: lint judges the pending ones, the ones written here.
        var db = Databases.New("lint_" + Guid.NewGuid().ToString("N")[..8]);
        Migrate(db, "upgrade", "AddLoans").ExitCode.Should().Be(0);
        var lint = Migrate(db, "lint", "--json");
        lint.ExitCode.Should().Be(1, lint.ToString());
        return lint.Json().GetProperty("findings").EnumerateArray()
            .Where(f => f.GetProperty("migration").GetString() == migration)
            .Select(f => $"{f.GetProperty("rule").GetString()} {f.GetProperty("severity").GetString()}: {f.GetProperty("message").GetString()}")
            .Select(f => f.Split(" No migrations.lock.json yet")[0]) // the hint on an error with no lock file, said elsewhere
            .ToList();
    }

    [Fact]
    public void A_raw_delete_of_every_row_is_one_finding_and_one_of_EF_Cores_history_is_no_data_loss()
    {
        Lint(RawSqlSample.ClearLoans).Should().Equal(
            "MIG105 error: Raw SQL deletes every row of Loans (DELETE without WHERE): DELETE FROM \"Loans\" "
            + "Back the rows up first (dotnet migrate backup --tables), and prefer archiving or soft-deleting them.");
        Lint(RawSqlSample.ForgetHistory).Should().ContainSingle().Which.Should()
            .StartWith("MIG501 warning: Raw SQL runs: DELETE FROM \"__EFMigrationsHistory\"");
    }

    [Fact]
    public void Piped_lint_prints_one_compiler_style_line_per_finding_not_a_padded_table()
    {
        var db = Databases.New("lint_text_" + Guid.NewGuid().ToString("N")[..8]);
        Migrate(db, "upgrade", "AddLoans").ExitCode.Should().Be(0);

        var lint = Migrate(db, "lint");

        lint.ExitCode.Should().Be(1, lint.ToString());
        lint.Stdout.Should()
            .MatchRegex(@"(?m)^\S*" + RawSqlSample.DropNickname + @"\.cs\(\d+,\d+\): error MIG102: Column Members\.Nickname is dropped with all its values\.")
            .And.NotContain("│", "a log gets lines, not a table");
    }

    [Fact]
    public void A_raw_column_drop_in_Up_is_MIG102_like_a_typed_one()
    {
        Lint(RawSqlSample.DropNickname).Should().Equal(
            "MIG102 error: Column Members.Nickname is dropped with all its values. Drop it in a later release, "
                + "after the code stops reading it; back it up first.");
    }

    [Fact]
    public void A_Down_dropping_a_column_by_raw_SQL_counts_its_values_and_rollback_backs_them_up()
    {
        var db = Databases.New("raw_drop_" + Guid.NewGuid().ToString("N")[..8]);
        var upgrade = Migrate(db, "upgrade", "AddNickname");
        upgrade.ExitCode.Should().Be(0, upgrade.ToString());
        Run(db, "INSERT INTO \"Members\" (\"Name\", \"Email\", \"JoinedAt\", \"Nickname\") VALUES "
            + "('Ada', 'ada@example.com', '2024-01-01', 'countess'), ('Brian', 'brian@example.com', '2024-01-02', 'bk'), ('Cleo', 'cleo@example.com', "
            + "'2024-01-03', 'cleo-the-reader')");

        var validate = Migrate(db, "validate", "-1", "--json");

        validate.ExitCode.Should().Be(1, validate.ToString());
        var finding = validate.Json().GetProperty("findings").EnumerateArray().Should().ContainSingle().Subject;
        (finding.GetProperty("rule").GetString(), finding.GetProperty("severity").GetString(), finding.GetProperty("table").GetString(),
            finding.GetProperty("column").GetString(),
            finding.GetProperty("rowsAtRisk").GetInt64()).Should().Be(("MIG102", "error", "Members", "Nickname", 3L));
        finding.GetProperty("line").GetInt32().Should().BeGreaterThan(0, "the finding points at the Sql() call in Down");

        var rollback = Migrate(db, "rollback", "-1", "--force", "--backup-dir", BackupDir, "--json");

        rollback.ExitCode.Should().Be(0, rollback.ToString());
        var json = rollback.Json();
        json.GetProperty("backedUp").EnumerateArray().Select(t => (t.GetProperty("name").GetString(), t.GetProperty("rows").GetInt64()))
            .Should().Equal([("Members", 3L)]);
        using var saved = JsonDocument.Parse(File.ReadAllText(json.GetProperty("backupFile").GetString()!));
        var members = saved.RootElement.GetProperty("tables").EnumerateArray().Single();
        members.GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("name").GetString()).Should().Equal("Id", "Nickname");
        members.GetRawText().Should().Contain("countess").And.Contain("bk").And.Contain("cleo-the-reader");
        Nicknames(db).Should().BeNull("the Down dropped the column");

        // Up again re-adds the column empty; restore puts each value back on its row.
        Migrate(db, "upgrade", "AddNickname").ExitCode.Should().Be(0);
        Nicknames(db).Should().Equal([null, null, null]);
        var restore = Migrate(db, "restore", json.GetProperty("backupFile").GetString()!, "--json");

        restore.ExitCode.Should().Be(0, restore.ToString());
        Nicknames(db).Should().Equal("countess", "bk", "cleo-the-reader");
    }

    /// <summary>Members' nicknames in key order, or null when the table has no such column.</summary>
    private List<string?>? Nicknames(string db)
    {
        using var connection = Databases.Connect(db);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT \"Nickname\" FROM \"Members\" ORDER BY \"Id\"";
        try
        {
            using var reader = command.ExecuteReader();
            var values = new List<string?>();
            while (reader.Read())
            {
                values.Add(reader.IsDBNull(0) ? null : reader.GetString(0));
            }

            return values;
        }
        catch (DbException)
        {
            return null;
        }
    }

    protected void Run(string db, string sql) => Databases.Execute(db, sql);
}

public sealed partial class SqliteRawSqlLintTests(SqliteRawSqlSample sample) : RawSqlLintTests, IClassFixture<SqliteRawSqlSample>
{
    protected override SampleCopy Copy => sample.Copy;

    protected override TestDatabases Databases { get; } = new SqliteDatabases(sample.Copy);

    [Fact]
    public void A_table_rebuilt_for_30_column_changes_is_one_MIG402_and_a_schema_move_is_nothing()
    {
        Lint(RawSqlSample.WidenWide).Should().Equal(
            "MIG402 warning: Changing 30 columns of Wide (" + string.Join(", ", Enumerable.Range(1, 30).Select(i => $"C{i:00}"))
            + ") makes EF Core rebuild table Wide on SQLite (copy of every row). "
            + "On a large table, add a new column, backfill it in batches and switch over instead of changing the column in place.");
        Lint(RawSqlSample.MoveAuthors).Should().BeEmpty("SQLite has no schemas");
        Lint(RawSqlSample.AddPublicId).Should().BeEmpty("SQLite adds a column without touching rows and has no concurrent readers an index drop would block");
    }

    [Fact]
    public void A_column_made_required_with_a_default_is_MIG206_and_validate_counts_the_nulls_its_default_replaces()
    {
        // At AddWide: the later hand-written AlterColumns have no target model, which SQLite's table rebuild needs to run.
        var db = Databases.New("fill_" + Guid.NewGuid().ToString("N")[..8]);
        var before = Migrate(db, "upgrade", "AddWide");
        before.ExitCode.Should().Be(0, before.ToString());
        Run(db, "INSERT INTO \"Wide\" (\"Id\", \"C01\") VALUES (1, 'kept'), (2, NULL), (3, NULL)");

        var validate = Migrate(db, "validate", "RequireC01", "--json");

        validate.ExitCode.Should().Be(0, validate.ToString());
        var finding = validate.Json().GetProperty("findings").EnumerateArray().Single(f => f.GetProperty("rule").GetString() == "MIG206");
        (finding.GetProperty("severity").GetString(), finding.GetProperty("table").GetString(), finding.GetProperty("column").GetString(),
            finding.GetProperty("rowsAtRisk").GetInt64())
            .Should().Be(("warning", "Wide", "C01", 2L));
        finding.GetProperty("message").GetString().Should().Contain("default 'none'").And.Contain("in batches");
    }
}

public sealed partial class PostgresRawSqlLintTests(PostgresRawSqlSample sample, PostgresServer server) : RawSqlLintTests, IClassFixture<PostgresRawSqlSample>
{
    protected override SampleCopy Copy
    {
        get
        {
            server.RequireOrSkip();
            return sample.Copy;
        }
    }

    protected override TestDatabases Databases { get; } = new PostgresDatabases(server);

    [Fact]
    public void A_volatile_default_rewrites_the_table_and_a_plain_index_drop_queues_queries()
    {
        var findings = Lint(RawSqlSample.AddPublicId);

        findings.Should().HaveCount(2, string.Join("\n", findings));
        findings[0].Should().StartWith("MIG403 warning: Column Members.PublicId is added with a volatile default (gen_random_uuid(), evaluated per row): "
            + "the database writes every row of Members and locks it meanwhile. Add the column nullable without that default");
        findings[1].Should().StartWith("MIG405 warning: Index IX_Loans_BookId on Loans is dropped without CONCURRENTLY")
            .And.Contain("suppressTransaction: true");
    }

    [Fact]
    public void A_schema_only_RenameTable_is_one_finding_described_as_a_move()
        => Lint(RawSqlSample.MoveAuthors).Should().Equal(
            "MIG301 warning: Table Authors moves to schema archive; the running version still looks for it in the old schema. "
            + "Create the new table, write to both, backfill, switch reads, and drop the old one in a later release "
            + "(or use a view under the old name meanwhile).");
}
