using FluentAssertions;
using Migrations.Build.Tests.Infrastructure;

namespace Migrations.Build.Tests.Integration;

/// <summary>
/// Races: several upgrades of one database at once, as replicas of an app starting together would.
/// The migrations lock lets one apply; the others wait, then find nothing to do. One definition, per provider.
/// </summary>
public abstract class ConcurrencyTests
{
    private const int Trials = 10;

    protected abstract SampleCopy Copy { get; }

    /// <summary>A connection string to an empty database that exists.</summary>
    protected abstract string EmptyDatabase(string name);

    protected abstract IReadOnlyList<string> Applied(string db);

    [Fact]
    public async Task Concurrent_upgrades_apply_each_migration_exactly_once_and_all_exit_cleanly()
    {
        for (var trial = 1; trial <= Trials; trial++)
        {
            var processes = 2 + trial % 3; // 2, 3 or 4 at once
            var db = EmptyDatabase($"race{trial}");

            var runs = Enumerable.Range(0, processes)
                .Select(_ => Task.Run(() => Copy.Migrate("upgrade", "--no-build", "--connection", db, "--json")))
                .ToArray();
            var results = await Task.WhenAll(runs);
            results.Should().OnlyContain(r => r.ExitCode == 0, "trial {0} with {1} processes: {2}", trial, processes, string.Join("\n", results));
            results.Sum(r => r.Json().GetProperty("applied").GetArrayLength()).Should().Be(2, "trial {0}: each migration is applied by exactly one process", trial);
            Applied(db).Should().HaveCount(2).And.OnlyHaveUniqueItems();
        }
    }
}

public sealed class SqliteConcurrencyTests(BuiltSample sample) : ConcurrencyTests, IClassFixture<BuiltSample>
{
    protected override SampleCopy Copy => sample.Copy;

    protected override string EmptyDatabase(string name)
    {
        var db = sample.Copy.NewDatabase(name + "-" + Guid.NewGuid().ToString("N")[..6]);
        SqliteFile.Execute(sample.Copy.DatabasePath(db), "PRAGMA user_version = 0"); // an empty database file
        return db;
    }

    protected override IReadOnlyList<string> Applied(string db) => SqliteFile.AppliedMigrations(Copy.DatabasePath(db));
}

public sealed class PostgresConcurrencyTests(LivePostgresSample sample, PostgresServer server) : ConcurrencyTests, IClassFixture<LivePostgresSample>
{
    protected override SampleCopy Copy
    {
        get
        {
            server.RequireOrSkip();
            return sample.Copy;
        }
    }

    protected override string EmptyDatabase(string name)
    {
        server.RequireOrSkip();
        var db = server.DatabaseConnection(name + "_" + Guid.NewGuid().ToString("N")[..8]);
        server.Execute(server.AdminConnection!, $"CREATE DATABASE \"{new Npgsql.NpgsqlConnectionStringBuilder(db).Database}\"");
        return db;
    }

    protected override IReadOnlyList<string> Applied(string db) => server.Strings(db, "SELECT \"MigrationId\" FROM \"__EFMigrationsHistory\"");
}
