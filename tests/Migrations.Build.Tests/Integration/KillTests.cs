using System.Diagnostics;
using System.Globalization;
using FluentAssertions;
using Migrations.Build.Protocol.Backups;
using Migrations.Build.Tests.Infrastructure;

namespace Migrations.Build.Tests.Integration;

/// <summary>
/// kill -9 of <c>dotnet migrate upgrade</c> and <c>rollback</c> (the tool and its engine, the whole
/// process group) at random points of their run, on the LongSample. After each kill: the database is
/// at a consistent migration (each one whole or not at all, the history matching the schema and the
/// data), a backup left behind is complete and verifies or is a recognisable .partial, and the next
/// run of the same command finishes the job without waiting on anything the killed one held.
/// MIGRATIONS_KILL_TRIALS sets the number of trials (default 20), MIGRATIONS_KILL_SEED replays a run's
/// random points (the seed is printed). One definition, per provider.
/// </summary>
public abstract class KillTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(2);

    protected abstract LongSample Sample { get; }

    protected abstract LongSampleDatabases Databases { get; }

    private string Temp { get; } = Path.Combine(Path.GetTempPath(), "migrations-build-tests", "kill-" + Guid.NewGuid().ToString("N")[..8]);

    [Fact]
    public void Kill_9_at_random_points_leaves_each_migration_whole_or_not_at_all_and_the_next_run_finishes()
    {
        var ids = Sample.Ids;
        var target = LongSample.IndexMemberNotes;
        var seed = Setting("MIGRATIONS_KILL_SEED") ?? Random.Shared.Next();
        var trials = Setting("MIGRATIONS_KILL_TRIALS") ?? 20;
        output.WriteLine($"seed {seed} (replay with MIGRATIONS_KILL_SEED={seed}), {trials} trials");
        var random = new Random(seed);

        var head = Databases.Empty("head");
        var upgradeRun = Run(head, "upgrade");
        var rollbackRun = Run(Databases.CopyOf(head, "measure"), "rollback", target, "--force", "--backup-dir", Path.Combine(Temp, "measure"));
        output.WriteLine($"a whole run: upgrade {upgradeRun.Elapsed.TotalSeconds:0.00} s (the database from {upgradeRun.DatabaseAt.TotalSeconds:0.00} s), "
            + $"rollback {rollbackRun.Elapsed.TotalSeconds:0.00} s (from {rollbackRun.DatabaseAt.TotalSeconds:0.00} s)");

        var (midway, partial) = (0, 0);
        for (var trial = 1; trial <= trials; trial++)
        {
            var upgrade = trial % 2 == 1;
            var backups = Path.Combine(Temp, $"trial{trial}");
            string[] command = upgrade ? ["upgrade"] : ["rollback", target, "--force", "--backup-dir", backups];
            var db = upgrade ? Databases.Empty($"kill{trial}") : Databases.CopyOf(head, $"kill{trial}");
            // Spread over the part of the run that touches the database: a kill while the tool still
            // reads the project has nothing to break.
            var (whole, from, _) = upgrade ? upgradeRun : rollbackRun;
            var delay = (0.9 * from.TotalSeconds) + (random.NextDouble() * (whole.TotalSeconds - (0.9 * from.TotalSeconds)));
            var because = $"trial {trial}: {command[0]} killed after {delay:0.00} s, seed {seed}";

            using (var run = Start(db, command))
            {
                Thread.Sleep(TimeSpan.FromSeconds(delay));
                run.Signal("KILL");
                run.Finish(Bound);
            }

            Databases.Settle(db);
            var left = Databases.ShouldBeConsistent(db, ids, because);
            partial += BackupsShouldBeCompleteOrPartial(backups, because);
            var end = upgrade ? ids.Count : ids.ToList().IndexOf(target) + 1;
            var start = upgrade ? 0 : ids.Count;
            midway += left.Count != start && left.Count != end ? 1 : 0;
            output.WriteLine($"{because}: left at {left.Count} of {ids.Count} migration(s)");

            var again = Run(db, command);
            again.Stderr.Should().NotContain("Waiting for another", "the killed command holds no lock ({0})", because);
            Databases.ShouldBeConsistent(db, ids, because).Should().Equal(ids.Take(end), "the next run finishes the job ({0})", because);
        }

        output.WriteLine($"{midway} of {trials} kill(s) left the database between its start and its end; {partial} left an unfinished backup (.partial)");
    }

    private static int? Setting(string name)
        => int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    private ToolProcess Start(string db, string[] command)
        => ToolProcess.Start(Sample.Copy, new Dictionary<string, string?>(), [.. command, "--no-build", "--connection", db]);

    /// <summary>
    /// A whole run, which must end well within the bound (one that waits on a lock forever fails here):
    /// how long it took, and when it announced the database it was about to change.
    /// </summary>
    private (TimeSpan Elapsed, TimeSpan DatabaseAt, string Stderr) Run(string db, params string[] command)
    {
        using var run = Start(db, command);
        run.WaitForStderr("Database: ", Bound);
        var databaseAt = run.Elapsed;
        var result = run.Finish(Bound);
        result.Should().NotBeNull("{0} must finish, not wait forever", string.Join(' ', command));
        result!.ExitCode.Should().Be(0, result.ToString());
        return (run.Elapsed, databaseAt, result.Stderr);
    }

    /// <summary>
    /// A file that looks like a backup reads back whole; anything unfinished is named .partial (which
    /// may read whole too, when the kill came between the last flush and the rename) and is never
    /// taken for a backup. Returns how many .partial files there are.
    /// </summary>
    private static int BackupsShouldBeCompleteOrPartial(string folder, string because)
    {
        var partial = 0;
        foreach (var file in Directory.Exists(folder) ? Directory.GetFiles(folder) : [])
        {
            if (file.EndsWith(".partial", StringComparison.Ordinal))
            {
                partial++;
                BackupStreams.IsBackupFile(file).Should()
                    .BeFalse("list-backups, prune and restore's listing never take a .partial for a backup ({0})", because);
            }
            else if (BackupStreams.IsBackupFile(file))
            {
                Complete(file).Should().BeTrue("{0} has a backup's name, so it must be whole and verify ({1})", file, because);
            }
        }

        return partial;
    }

    private static bool Complete(string file)
    {
        try
        {
            using var reader = BackupReader.Open(file, key: null);
            return reader.Verify().All(t => t.ChecksumOk == true) && reader.Complete;
        }
        catch (Exception e) when (e is InvalidDataException or System.Text.Json.JsonException or EndOfStreamException)
        {
            return false;
        }
    }
}

public sealed class SqliteKillTests(SqliteLongSample sample, ITestOutputHelper output) : KillTests(output), IClassFixture<SqliteLongSample>
{
    protected override LongSample Sample => sample;

    protected override LongSampleDatabases Databases { get; } = new SqliteLongDatabases(sample.Copy);
}

public sealed class PostgresKillTests(PostgresLongSample sample, PostgresServer server, ITestOutputHelper output) : KillTests(output),
    IClassFixture<PostgresLongSample>
{
    protected override LongSample Sample
    {
        get
        {
            server.RequireOrSkip();
            return sample.Sample;
        }
    }

    protected override LongSampleDatabases Databases { get; } = new PostgresLongDatabases(server);
}
