using FluentAssertions;
using Microsoft.Data.Sqlite;
using Migrations.Build.Engine;
using Npgsql;

namespace Migrations.Build.Tests.Unit;

/// <summary>A database failure's hint fits its cause: SQLite's are about the file, a server's only when it can't be reached.</summary>
public sealed class DatabaseHintsTests
{
    [Theory]
    [InlineData(5, "SQLite Error 5: 'database is locked'.")]
    [InlineData(6, "SQLite Error 6: 'database table is locked'.")]
    public void A_locked_or_busy_sqlite_file_says_another_process_holds_it(int code, string message)
    {
        var (exitCode, text, _) = EngineHost.Classify(new InvalidOperationException("wrapped", new SqliteException(message, code)));

        exitCode.Should().Be(3);
        text.Should().StartWith($"The database failed: {message}").And.Contain("locked by another process").And.Contain("close it")
            .And.NotContain("server");
    }

    [Theory]
    [InlineData(14, "could not open the database file", "folder exists")]
    [InlineData(26, "not a SQLite database", "connection string")]
    [InlineData(8, "can't be written", "Mode=ReadOnly")]
    [InlineData(11, "damaged", "integrity_check")]
    public void Other_sqlite_file_problems_get_a_hint_about_the_file(int code, string hint, string more)
        => DatabaseHints.Message(new SqliteException("SQLite Error", code)).Should().Contain(hint).And.Contain(more).And.NotContain("server");

    [Fact]
    public void A_sqlite_error_in_a_statement_has_no_hint_of_its_own()
        => DatabaseHints.Message(new SqliteException("SQLite Error 1: 'no such table: Members'.", 1)).Should()
            .Be("The database failed: SQLite Error 1: 'no such table: Members'.");

    [Fact]
    public void A_server_that_cannot_be_reached_is_told_to_be_checked()
        => DatabaseHints.Message(new NpgsqlException("Failed to connect to 127.0.0.1:1", new System.Net.Sockets.SocketException(111)))
            .Should().Contain("Check that the database server is running");

    [Theory]
    [InlineData("28P01", "refused the login")]
    [InlineData("3D000", "refused the login or the database")]
    public void A_server_that_refused_the_login_or_database_says_so(string state, string hint)
        => DatabaseHints.Message(new PostgresException("password authentication failed", "FATAL", "FATAL", state)).Should().Contain(hint)
            .And.NotContain("is running");

    [Fact]
    public void A_server_that_answered_about_a_statement_adds_no_hint()
        => DatabaseHints.Message(new PostgresException("relation \"Members\" does not exist", "ERROR", "ERROR", "42P01")).Should().NotContain("Check");
}
