using System.Text.RegularExpressions;
using FluentAssertions;
using Migrations.Build.Tests.Infrastructure;
using Npgsql;

namespace Migrations.Build.Tests.Integration;

/// <summary>
/// test without --connection on PostgreSQL: a temporary database on the app's server, made with the app's
/// credentials, dropped after a passing cycle, a failing one, a refusal and Ctrl+C.
/// </summary>
public sealed partial class PostgresCycleTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(3);

    [Fact]
    public void A_failing_cycle_on_a_temporary_database_still_drops_it()
        => WithMigration("20991231000000_ForgetsIndex",
            "migrationBuilder.CreateIndex(name: \"IX_Books_Title\", table: \"Books\", column: \"Title\");\n"
            + "migrationBuilder.CreateIndex(name: \"IX_Books_PublishedOn\", table: \"Books\", column: \"PublishedOn\");",
            "migrationBuilder.DropIndex(name: \"IX_Books_PublishedOn\", table: \"Books\");",
            () =>
            {
                var run = Copy.Migrate("test", "--no-build");

                run.ExitCode.Should().Be(1, run.ToString());
                run.Stdout.Should().Contain("index IX_Books_Title on Books is still there after Down");
                var name = CreatedDatabase(run);
                run.Stdout.Should().Contain($"on the temporary database {name} (dropped).");
                server.DatabaseExists(name).Should().BeFalse("a failing cycle drops its temporary database too");
                TemporaryDatabases().Should().BeEmpty();
            });

    [Fact]
    public void A_user_that_may_not_create_databases_is_told_the_fix()
    {
        var role = "mtest_nocreate_" + Guid.NewGuid().ToString("N")[..8];
        const string password = "Secret-Not-Shown-42";
        server.Execute(server.AdminConnection!, $"CREATE ROLE {role} LOGIN NOCREATEDB PASSWORD '{password}'");
        try
        {
            var app = new NpgsqlConnectionStringBuilder(server.DatabaseConnection("library_design_time")) { Username = role,
                Password = password }.ConnectionString;

            var run = Copy.MigrateWith(new Dictionary<string, string?> { ["LIBRARY_CONNECTION"] = app }, "test", "--no-build");

            run.ExitCode.Should().Be(2, run.ToString());
            run.Stderr.Should().Contain("the app's user may not create databases").And.Contain("CREATEDB").And.Contain("--connection");
            run.All.Should().NotContain(password);
            TemporaryDatabases().Should().BeEmpty();
        }
        finally
        {
            server.Execute(server.AdminConnection!, $"DROP ROLE {role}");
        }
    }

    [Fact]
    public void Ctrl_C_during_the_cycle_drops_the_temporary_database()
        => WithMigration("20991231000000_Slow", "migrationBuilder.Sql(\"SELECT pg_sleep(60)\");", "// nothing to undo", () =>
        {
            using var run = ToolProcess.Start(Copy, new Dictionary<string, string?>(), "test", "--no-build");
            run.WaitForStderr("Testing ", Bound).Should().BeTrue("the cycle starts: {0}", run);
            Thread.Sleep(1000); // into the slow step
            run.Signal("INT");
            var result = run.Finish(Bound) ?? throw new TimeoutException($"test did not stop after Ctrl+C:\n{run.Stderr}");

            result.ExitCode.Should().Be(130, result.ToString());
            var name = CreatedDatabase(result);
            result.Stderr.Should().Contain($"Interrupted: the temporary database {name} was dropped");
            server.DatabaseExists(name).Should().BeFalse("Ctrl+C drops the temporary database");
            TemporaryDatabases().Should().BeEmpty();
        });

    /// <summary>The database the run says it made.</summary>
    private static string CreatedDatabase(ProcessResult run)
    {
        var created = Regex.Match(run.Stderr, @"Created the temporary database (\S+) \(");
        created.Success.Should().BeTrue("the run names the database it made: {0}", run);
        return created.Groups[1].Value;
    }

    private List<string> TemporaryDatabases()
        => server.Strings(server.AdminConnection!, "SELECT datname FROM pg_database WHERE datname LIKE '%\\_mtest\\_%'");
}
