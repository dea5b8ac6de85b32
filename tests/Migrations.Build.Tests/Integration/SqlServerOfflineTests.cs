using FluentAssertions;
using Migrations.Build.Tests.Infrastructure;

namespace Migrations.Build.Tests.Integration;

/// <summary>SQL Server's SQL, generated without a server (always runs, Docker or not).</summary>
public sealed class SqlServerOfflineTests(SqlServerSample sample) : IClassFixture<SqlServerSample>
{
    [Fact]
    public void An_idempotent_upgrade_script_needs_no_server_and_guards_each_migration()
    {
        var run = sample.Copy.Migrate("upgrade", "--sql", "--idempotent", "--no-build", "--json");

        run.ExitCode.Should().Be(0, run.ToString());
        var sql = run.Json().GetProperty("sql").GetString();
        sql.Should().Contain("CREATE TABLE [Authors]").And.Contain("CREATE TABLE [Loans]")
            .And.Contain("IF NOT EXISTS").And.Contain("[__EFMigrationsHistory]").And.Contain("N'");
        run.Json().GetProperty("idempotent").GetBoolean().Should().BeTrue();
    }

    [Fact]
    public void A_plain_script_starts_from_base_when_the_server_is_unreachable_and_says_so()
    {
        var run = sample.Copy.Migrate("upgrade", "--sql", "--no-build");

        run.ExitCode.Should().Be(0, run.ToString());
        run.Stdout.Should().Contain("CREATE TABLE [Authors]").And.Contain("GO");
        run.Stderr.Should().Contain("the script starts from base");
        run.All.Should().NotContain("Not-Used-1", "the password is never printed");
    }

    [Fact]
    public void The_safety_rules_see_SQL_Server_indexes_and_int_keys_are_suggestions_that_fail_nothing()
    {
        var lint = sample.Copy.Migrate("lint", "--no-build", "--json");

        lint.ExitCode.Should().Be(0, lint.ToString());
        var findings = lint.Json().GetProperty("findings").EnumerateArray().ToList();
        findings.Select(f => f.GetProperty("rule").GetString()).Should().NotContain("MIG401", "indexes on tables created in the same migration block nothing");
        findings.Where(f => f.GetProperty("rule").GetString() == "MIG604")
            .Select(f => (f.GetProperty("severity").GetString(), f.GetProperty("table").GetString(), f.GetProperty("column").GetString()))
            .Should().Contain(("suggestion", "Authors", "Id")).And.OnlyContain(f => f.Item1 == "suggestion");
        findings.Should().NotContain(f => f.GetProperty("severity").GetString() == "error", "the exit code is 0 with suggestions alone");

        var sarif = sample.Copy.Migrate("lint", "--no-build", "--format", "sarif");

        sarif.ExitCode.Should().Be(0, sarif.ToString());
        sarif.Json().GetProperty("runs")[0].GetProperty("results").EnumerateArray()
            .Where(r => r.GetProperty("ruleId").GetString() == "MIG604").Should().NotBeEmpty()
            .And.OnlyContain(r => r.GetProperty("level").GetString() == "note");
    }
}
