using FluentAssertions;
using Migrations.Build.Tests.Infrastructure;

namespace Migrations.Build.Tests.Integration;

/// <summary>On PostgreSQL (Npgsql's own migrator), a second database gets the first's SQL from the cache and ends up the same.</summary>
public sealed class PostgresMigrationSqlCacheTests(PostgresServer server) : IDisposable
{
    private readonly Lazy<PostgresSample> _sample = new(() => new PostgresSample(server));

    public void Dispose()
    {
        if (_sample.IsValueCreated)
        {
            _sample.Value.Dispose();
        }
    }

    [Fact]
    public void A_second_database_is_moved_by_the_kept_SQL_to_the_same_schema()
    {
        server.RequireOrSkip();
        var (first, second) = (NewDatabase(), NewDatabase());

        Move(first, "upgrade").Should().Contain("SQL of 0 migration(s) taken from").And.Contain("; 2 generated now and kept there");
        Move(second, "upgrade").Should().Contain("SQL of 2 migration(s) taken from").And.Contain("; 0 generated now.");
        Columns(second).Should().Equal(Columns(first)).And.Contain(c => c.StartsWith("Loans.", StringComparison.Ordinal));
        server.AppliedMigrations(second).Should().Equal(server.AppliedMigrations(first));

        Move(first, "downgrade", "base").Should().Contain("; 2 generated now and kept there");
        Move(second, "downgrade", "base").Should().Contain("SQL of 2 migration(s) taken from");
        Columns(second).Should().BeEmpty();
    }

    private string NewDatabase()
    {
        var name = "c" + Guid.NewGuid().ToString("N")[..20];
        server.Execute(server.AdminConnection!, $"CREATE DATABASE \"{name}\"");
        return server.DatabaseConnection(name);
    }

    private string Move(string connection, params string[] verb)
    {
        var run = _sample.Value.Copy.Migrate([.. verb, "-v", "--no-build", "--connection", connection]);
        run.ExitCode.Should().Be(0, run.ToString());
        return run.Stderr;
    }

    private List<string> Columns(string connection)
        => server.Strings(connection, """
            SELECT table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' || coalesce(column_default, '')
            FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '__EFMigrationsHistory' ORDER BY 1
            """);
}
