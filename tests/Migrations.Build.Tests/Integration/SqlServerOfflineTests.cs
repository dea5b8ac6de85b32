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
    public void The_safety_rules_see_SQL_Server_indexes()
    {
        var lint = sample.Copy.Migrate("lint", "--no-build", "--json");

        lint.ExitCode.Should().Be(0, lint.ToString());
        lint.Json().GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("rule").GetString())
            .Should().NotContain("MIG401", "indexes on tables created in the same migration block nothing");
    }
}
