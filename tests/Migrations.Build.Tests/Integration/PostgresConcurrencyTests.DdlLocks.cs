using FluentAssertions;
using Npgsql;

namespace Migrations.Build.Tests.Integration;

/// <summary>
/// A migration queued behind the app's open transaction would block every query after it: the
/// upgrade waits --ddl-lock-timeout for the table lock, tries again, gives up with the database at
/// the previous migration, and names the session in the way.
/// </summary>
public sealed partial class PostgresConcurrencyTests
{
    [Fact]
    public void An_upgrade_blocked_by_a_table_lock_retries_then_gives_up_naming_the_blocker()
    {
        var db = EmptyDatabase("ddllock");
        var audit = Path.Combine(Path.GetTempPath(), $"audit-{Guid.NewGuid():N}.jsonl");
        Copy.Migrate("upgrade", "InitialCreate", "--no-build", "--connection", db).ExitCode.Should().Be(0);

        using (var report = new NpgsqlConnection(db + ";Application Name=nightly-report"))
        {
            report.Open();
            using var hold = report.CreateCommand();
            hold.CommandText = "BEGIN; UPDATE \"Books\" SET \"Title\" = \"Title\""; // AddLoans' foreign key to Books needs a lock this blocks
            hold.ExecuteNonQuery();

            var run = Copy.MigrateWith(new Dictionary<string, string?> { ["MIGRATIONS_AUDIT_LOG"] = audit },
                "upgrade", "--no-build", "--connection", db, "--ddl-lock-timeout", "1", "--ddl-lock-retries", "2");

            run.ExitCode.Should().Be(3, run.ToString());
            var addLoans = Copy.MigrationId("AddLoans");
            run.Stderr.Should().Contain($"{addLoans} waited 1 s for a table lock (attempt 1 of 3) and was rolled back whole")
                .And.Contain("(attempt 2 of 3)").And.Contain("Trying again in 2 s")
                .And.Contain("(attempt 3 of 3) and was rolled back whole; giving up")
                .And.MatchRegex(@"Blocked by session \d+ \(application 'nightly-report', idle in transaction, last query: UPDATE ""Books"" "
                    + @"SET ""Title"" = ""Title""\)")
                .And.Contain("--ddl-lock-timeout");
            Applied(db).Should().Equal(Copy.MigrationId("InitialCreate"));
            server.Strings(db, "SELECT count(*)::text FROM pg_tables WHERE tablename = 'Loans'").Should().Equal("0");
        }

        var line = File.ReadAllLines(audit).Last();
        line.Should().Contain("\"outcome\":\"database\"").And.Contain("\"warnings\":[").And.Contain("(attempt 2 of 3)");

        var after = Copy.Migrate("upgrade", "--no-build", "--connection", db);
        after.ExitCode.Should().Be(0, after.ToString());
        Applied(db).Should().HaveCount(2);
        File.Delete(audit);
    }
}
