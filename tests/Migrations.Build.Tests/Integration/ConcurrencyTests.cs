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

    /// <summary>Holds a lock that makes the next migration wait (reading stays free), until disposed.</summary>
    protected abstract IDisposable BlockMigration(string db);

    /// <summary>The connection with a command timeout long enough to outwait a waiter on a busy machine.</summary>
    protected abstract string Patient(string db);

    /// <summary>Whether a Migrations.Build upgrade says, where a waiter reads it, that it holds the migrations lock.</summary>
    protected abstract bool HolderNamed(string db);

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
            results.Sum(r => r.Json().GetProperty("applied").GetArrayLength()).Should()
                .Be(2, "trial {0}: each migration is applied by exactly one process", trial);
            Applied(db).Should().HaveCount(2).And.OnlyHaveUniqueItems();
        }
    }

    [Fact]
    public async Task A_command_that_waits_in_vain_names_the_holder()
    {
        var db = EmptyDatabase("holder");
        Copy.Migrate("upgrade", "InitialCreate", "--no-build", "--connection", db).ExitCode.Should().Be(0);

        // The first upgrade's named session can outlive its process for a moment; taken for the holder's,
        // it would send the waiter in before the holder has the lock.
        await NameGone(db);

        Task<ProcessResult> holder;
        using (BlockMigration(db))
        {
            // The holder takes the migrations lock, then its migration waits on the lock the test holds.
            // --ddl-lock-timeout 0: its migration waits for the test's table lock as long as it takes.
            holder = Task.Run(() => Copy.Migrate("upgrade", "--no-build", "--connection", Patient(db), "--ddl-lock-timeout", "0"));
            for (var waited = 0; !HolderNamed(db); waited++)
            {
                if (holder.IsCompleted)
                {
                    Assert.Fail("The holder should wait on the blocked migration: " + await holder);
                }

                waited.Should().BeLessThan(240, "the holder takes the lock within a minute");
                await Task.Delay(250, TestContext.Current.CancellationToken);
            }

            var waiter = Copy.Migrate("upgrade", "--no-build", "--connection", db, "--lock-timeout", "1");

            waiter.ExitCode.Should().Be(4, waiter.ToString());
            waiter.Stderr.Should().MatchRegex(@"holds the database's migrations lock \(held by Migrations\.Build upgrade, pid \d+, since \d\d:\d\d:\d\d UTC")
                .And.Contain("--lock-timeout");
        }

        var done = await holder;
        done.ExitCode.Should().Be(0, done.ToString());
        Applied(db).Should().HaveCount(2);

        await NameGone(db);
    }

    /// <summary>PostgreSQL ends a session a moment after its client has gone; waits up to 10 s for its name to go with it.</summary>
    private async Task NameGone(string db)
    {
        for (var waited = 0; HolderNamed(db) && waited < 40; waited++)
        {
            await Task.Delay(250, TestContext.Current.CancellationToken);
        }

        HolderNamed(db).Should().BeFalse("a holder's name goes with its lock");
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

    protected override IDisposable BlockMigration(string db)
    {
        var connection = new Microsoft.Data.Sqlite.SqliteConnection(db + ";Pooling=False");
        connection.Open();
        using var begin = connection.CreateCommand();
        begin.CommandText = "BEGIN IMMEDIATE"; // readers go on, a writer waits
        begin.ExecuteNonQuery();
        return connection; // closing it ends the transaction
    }

    protected override string Patient(string db) => db + ";Default Timeout=600";

    protected override bool HolderNamed(string db) => File.Exists(Copy.DatabasePath(db) + ".migrations-lock.holder");

    /// <summary>EF Core's lock on SQLite is a row that a killed process leaves behind; EF Core alone would wait for it forever.</summary>
    [Fact]
    public void An_upgrade_releases_the_EF_Core_lock_row_a_killed_command_left_behind()
    {
        var db = EmptyDatabase("stale");
        var path = Copy.DatabasePath(db);
        Copy.Migrate("upgrade", "+1", "--no-build", "--connection", db).ExitCode.Should().Be(0);
        SqliteFile.Execute(path, "CREATE TABLE IF NOT EXISTS \"__EFMigrationsLock\" (\"Id\" INTEGER NOT NULL PRIMARY KEY, \"Timestamp\" TEXT NOT NULL); "
            + "INSERT INTO \"__EFMigrationsLock\" VALUES (1, '2026-01-01 00:00:00+00:00')");

        var upgrade = Copy.Migrate("upgrade", "--no-build", "--connection", db);

        upgrade.ExitCode.Should().Be(0, upgrade.ToString());
        upgrade.Stderr.Should().Contain("EF Core's migration lock on this database was left taken (since 2026-01-01 00:00:00+00:00)");
        Applied(db).Should().HaveCount(2);
    }
}

public sealed partial class PostgresConcurrencyTests(LivePostgresSample sample, PostgresServer server) : ConcurrencyTests, IClassFixture<LivePostgresSample>
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

    protected override IDisposable BlockMigration(string db)
    {
        var connection = new Npgsql.NpgsqlConnection(db);
        connection.Open();
        using var begin = connection.CreateCommand();
        begin.CommandText = "BEGIN; LOCK TABLE \"Books\" IN ACCESS EXCLUSIVE MODE"; // AddLoans' foreign key to Books waits
        begin.ExecuteNonQuery();
        return connection; // closing it rolls the transaction back
    }

    protected override string Patient(string db) => db + ";Command Timeout=600";

    protected override bool HolderNamed(string db)
        => server.Strings(db, "SELECT count(*)::text FROM pg_stat_activity WHERE application_name LIKE 'Migrations.Build upgrade, pid %'")[0] != "0";
}
