using System.Text.Json;
using FluentAssertions;
using Migrations.Build.Tests.Infrastructure;

namespace Migrations.Build.Tests.Integration;

/// <summary>
/// With the database at hand, a finding on an operation that locks a table is sized by it: an error above
/// --large-table-rows, the rule's own severity at or below, the size said either way.
/// </summary>
public sealed partial class PostgresRawSqlLintTests
{
    private const string Blocking = "Index IX_Members_Name on Members is built without CONCURRENTLY";

    [Fact]
    public void An_index_built_under_lock_on_200000_rows_is_an_error_before_and_after_ANALYZE()
    {
        var db = AtLoansWithMembers(200_000);

        // Never analyzed: no statistics, so the count that stops one row past the threshold.
        var lint = Migrate(db, "lint", "--json");
        lint.ExitCode.Should().Be(1, lint.ToString());
        Sized(lint, RawSqlSample.IndexMemberNames).Should().StartWith("MIG401 error: " + Blocking)
            .And.Contain("(table Members: more than 100,000 rows, above --large-table-rows 100,000)");
        var check = Migrate(db, "check", "--json");
        check.ExitCode.Should().Be(1, check.ToString());
        Sized(check, RawSqlSample.IndexMemberNames).Should().Contain("MIG401 error: ").And.Contain("(table Members: more than 100,000 rows");

        Run(db, "ANALYZE \"Members\"");
        var validate = Migrate(db, "validate", RawSqlSample.IndexMemberNames, "--json");
        validate.ExitCode.Should().Be(1, validate.ToString());
        Sized(validate, RawSqlSample.IndexMemberNames).Should().EndWith("(table Members: ~200,000 rows, above --large-table-rows 100,000)");
    }

    [Fact]
    public void An_index_on_an_empty_or_small_table_stays_a_warning_unless_the_threshold_is_lower()
    {
        var db = AtLoansWithMembers(0);
        var empty = Migrate(db, "validate", RawSqlSample.IndexMemberNames, "--json");
        empty.ExitCode.Should().Be(0, empty.ToString());
        Sized(empty, RawSqlSample.IndexMemberNames).Should().StartWith("MIG401 warning: " + Blocking).And.EndWith("(table Members: ~0 rows)");

        AddMembers(db, 150);
        var small = Migrate(db, "validate", RawSqlSample.IndexMemberNames, "--json");
        small.ExitCode.Should().Be(0, small.ToString());
        Sized(small, RawSqlSample.IndexMemberNames).Should().EndWith("(table Members: ~150 rows)");

        var lowered = Migrate(db, "validate", RawSqlSample.IndexMemberNames, "--json", "--large-table-rows", "100");
        lowered.ExitCode.Should().Be(1, lowered.ToString());
        Sized(lowered, RawSqlSample.IndexMemberNames).Should().StartWith("MIG401 error: ")
            .And.EndWith("(table Members: more than 100 rows, above --large-table-rows 100)");

        foreach (var bad in new[] { "-1", "many" })
        {
            var refused = Migrate(db, "lint", "--large-table-rows", bad);
            refused.ExitCode.Should().Be(2, refused.ToString());
            refused.Stderr.Should().Contain($"--large-table-rows '{bad}': give a whole number of rows");
        }
    }

    /// <summary>A database at the sample's own migrations with <paramref name="rows"/> members, never analyzed (autovacuum off for the table).</summary>
    private string AtLoansWithMembers(int rows)
    {
        var db = Databases.New("sized_" + Guid.NewGuid().ToString("N")[..8]);
        Migrate(db, "upgrade", "AddLoans").ExitCode.Should().Be(0);
        Run(db, "ALTER TABLE \"Members\" SET (autovacuum_enabled = false)");
        AddMembers(db, rows);
        return db;
    }

    private void AddMembers(string db, int rows)
        => Run(db, "INSERT INTO \"Members\" (\"Name\", \"Email\", \"JoinedAt\") "
            + $"SELECT 'member ' || i, 'm' || i || '@example.com', now() FROM generate_series(1, {rows}) AS i");

    /// <summary>The one safety finding on <paramref name="migration"/> (not MIG002, pending), as "rule severity: message".</summary>
    private static string Sized(ProcessResult result, string migration)
        => result.Json().GetProperty("findings").EnumerateArray()
            .Where(f => f.GetProperty("migration").GetString() == migration && f.GetProperty("rule").GetString() != "MIG002")
            .Select(f => $"{f.GetProperty("rule").GetString()} {f.GetProperty("severity").GetString()}: {f.GetProperty("message").GetString()}")
            .Should().ContainSingle().Subject;
}

public sealed partial class SqliteRawSqlLintTests
{
    [Fact]
    public void A_table_rebuild_on_SQLite_is_sized_by_a_count_that_stops_past_the_threshold()
    {
        var db = Databases.New("sized_" + Guid.NewGuid().ToString("N")[..8]);
        Migrate(db, "upgrade", RawSqlSample.AddWide).ExitCode.Should().Be(0);
        Run(db, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 150) INSERT INTO \"Wide\" (\"Id\") SELECT i FROM n");

        var small = Migrate(db, "validate", RawSqlSample.WidenWide, "--json");
        small.ExitCode.Should().Be(0, small.ToString());
        var lowered = Migrate(db, "validate", RawSqlSample.WidenWide, "--json", "--large-table-rows", "100");
        lowered.ExitCode.Should().Be(1, lowered.ToString());

        string Finding(ProcessResult r) => r.Json().GetProperty("findings").EnumerateArray()
            .Select(f => $"{f.GetProperty("rule").GetString()} {f.GetProperty("severity").GetString()}: {f.GetProperty("message").GetString()}")
            .Should().ContainSingle().Subject;
        Finding(small).Should().StartWith("MIG402 warning: ").And.EndWith("(table Wide: ~150 rows)");
        Finding(lowered).Should().StartWith("MIG402 error: ").And.EndWith("(table Wide: more than 100 rows, above --large-table-rows 100)");
    }
}
