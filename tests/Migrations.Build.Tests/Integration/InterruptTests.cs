using System.Text.Json;
using FluentAssertions;
using Migrations.Build.Protocol.Audit;
using Migrations.Build.Protocol.Backups;
using Migrations.Build.Tests.Infrastructure;

namespace Migrations.Build.Tests.Integration;

/// <summary>
/// Ctrl+C during an upgrade and a backup, sent as a terminal does: SIGINT to the tool and its engine
/// at once. The command stops at its next safe point, says so and what state it left, exits 130,
/// audits it, leaves the database at a consistent migration, the lock free and no backup file
/// that could pass for a complete one. One definition, per provider, on the LongSample.
/// </summary>
public abstract class InterruptTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(2);

    protected abstract LongSample Sample { get; }

    protected abstract LongSampleDatabases Databases { get; }

    private string Temp { get; } = Path.Combine(Path.GetTempPath(), "migrations-build-tests", "interrupt-" + Guid.NewGuid().ToString("N")[..8]);

    private string Audit => Path.Combine(Temp, "audit.jsonl");

    [Fact]
    public void Ctrl_C_during_an_upgrade_stops_after_the_migration_in_progress_with_the_lock_released()
    {
        var db = Databases.Empty("ctrlc_upgrade");
        var own = Sample.Ids.Count - 6; // the sample's own migrations, before the six long ones
        Run(db, "upgrade", Sample.Ids[own - 1]).ExitCode.Should().Be(0);

        // Held, the seed can't end before Ctrl+C is heard; unheld, a fast upgrade may finish first.
        using var hold = Databases.HoldWrites(db, "Members");
        var result = Interrupt(db, hold, $"Applying {LongSample.SeedMembers}", "upgrade");

        result.ExitCode.Should().Be(130, result.ToString());
        var applied = Databases.ShouldBeConsistent(db, Sample.Ids, "after Ctrl+C");
        applied.Should().Equal(Sample.Ids.Take(own + 1), "the migration in progress finishes, and the run stops there");
        result.Stderr.Should().Contain($"Interrupted: 1 of {Sample.Ids.Count - own} migration(s) applied; the database is at {LongSample.SeedMembers}");
        AuditedAsInterrupted("upgrade");

        var again = Run(db, "upgrade", "--lock-timeout", "0");

        again.ExitCode.Should().Be(0, "the lock is free at once: {0}", again);
        Databases.ShouldBeConsistent(db, Sample.Ids, "after the next upgrade").Should().Equal(Sample.Ids);
    }

    [Fact]
    public void Ctrl_C_during_a_backup_removes_the_unfinished_file()
    {
        var db = Databases.Empty("ctrlc_backup");
        Run(db, "upgrade").ExitCode.Should().Be(0);
        var folder = Path.Combine(Temp, "backups");
        string[] backup = ["backup", "--backup-dir", folder];

        // Held, the backup can't read Members until Ctrl+C is heard; unheld, a fast one may finish first.
        using var hold = Databases.HoldReads(db, "Members");
        var result = Interrupt(db, hold, "Database: ", backup);

        result.ExitCode.Should().Be(130, result.ToString());
        result.Stderr.Should().MatchRegex("Interrupted: the backup stopped at (Authors|Members|Loans), and its unfinished file was removed");
        (Directory.Exists(folder) ? Directory.GetFiles(folder) : []).Should().BeEmpty("no backup, complete-looking or .partial, is left");
        AuditedAsInterrupted("backup");
        Run(db, "upgrade", "--lock-timeout", "0").ExitCode.Should().Be(0, "nothing holds the lock");
    }

    [Fact]
    public void Ctrl_C_while_a_rollback_reverts_keeps_its_complete_backup_and_names_it()
    {
        var db = Databases.Empty("ctrlc_rollback");
        Run(db, "upgrade").ExitCode.Should().Be(0);
        var folder = Path.Combine(Temp, "rollback-backups");

        // Held, the revert of MarkVisits can't end before Ctrl+C is heard; unheld, a fast rollback may finish first.
        using var hold = Databases.HoldWrites(db, "Visits");
        var result = Interrupt(db, hold, $"Reverting {LongSample.MarkVisits}", "rollback", LongSample.IndexMemberNotes, "--force", "--backup-dir", folder);

        result.ExitCode.Should().Be(130, result.ToString());
        var applied = Databases.ShouldBeConsistent(db, Sample.Ids, "after Ctrl+C");
        applied.Should().NotContain(LongSample.MarkVisits, "the revert in progress finishes").And.Contain(LongSample.CreateVisits, "and the run stops there");
        var backup = Directory.GetFiles(folder).Should().ContainSingle().Subject;
        result.Stderr.Should().Contain($"The backup of the data at risk is complete: {backup}");
        using (var reader = BackupReader.Open(backup, key: null))
        {
            reader.Verify().Should().OnlyContain(t => t.ChecksumOk == true);
            reader.Complete.Should().BeTrue();
        }

        AuditedAsInterrupted("rollback");
    }

    [Fact]
    public void Ctrl_C_during_a_restore_rolls_back_every_table_and_a_second_restore_completes()
    {
        var db = Databases.Empty("ctrlc_restore");
        Run(db, "upgrade").ExitCode.Should().Be(0);
        var folder = Path.Combine(Temp, "restore-backups");
        Run(db, "backup", "--tables", "Members", "--backup-dir", folder).ExitCode.Should().Be(0);
        var backup = Directory.GetFiles(folder).Should().ContainSingle().Subject;

        // Held, the restore's writes wait (on SQLite, its transaction's start) until Ctrl+C is heard.
        using var hold = Databases.HoldWrites(db, "Members");
        var result = Interrupt(db, hold, "Checking Members", "restore", backup, "--tables", "Members");

        result.ExitCode.Should().Be(130, result.ToString());
        result.Stderr.Should().MatchRegex(
            @"Interrupted: stopped while restoring Members: nothing was restored \(the rows of every table were rolled back together\)");
        AuditedAsInterrupted("restore");

        var again = Run(db, "restore", backup, "--tables", "Members", "--lock-timeout", "0");

        again.ExitCode.Should().Be(0, "the lock is free and the file whole: {0}", again);
        again.Stdout.Should().Contain($"Restored {LongSample.Rows} row(s) in 1 table(s)");
    }

    [Fact]
    public void Ctrl_C_during_a_fleet_stops_each_running_database_at_a_migration_starts_no_other_and_a_second_run_resumes()
    {
        var databases = Enumerable.Range(1, 6).Select(i => Databases.Empty($"ctrlc_fleet_{i}")).ToList();
        Directory.CreateDirectory(Temp);
        var list = Path.Combine(Temp, "fleet.txt");
        File.WriteAllLines(list, databases);

        ProcessResult result;
        using (var run = ToolProcess.Start(Sample.Copy, new Dictionary<string, string?> { [AuditLog.PathVariable] = Audit },
            "upgrade", "--no-build", "--connections", list, "--parallel", "2", "--json"))
        {
            run.WaitForStderr("done ", Bound).Should().BeTrue("a first database is done: {0}", run);
            run.Signal("INT");
            result = run.Finish(Bound) ?? throw new TimeoutException($"the fleet did not stop after Ctrl+C:\n{run.Stderr}");
        }

        result.ExitCode.Should().Be(130, result.ToString());
        result.Stderr.Should().Contain("Interrupted: ").And.Contain("not started");
        var summary = result.Json();
        summary.GetProperty("notStarted").GetInt32().Should().BeGreaterThan(0, "no database starts after Ctrl+C");
        var applied = databases.Select(db => Databases.ShouldBeConsistent(db, Sample.Ids, "after Ctrl+C")).ToList();
        applied.Should().Contain(a => a.Count == Sample.Ids.Count).And.Contain(a => a.Count < Sample.Ids.Count);
        AuditedAsInterrupted("upgrade");

        using var second = ToolProcess.Start(
            Sample.Copy, new Dictionary<string, string?>(), "upgrade", "--no-build", "--connections", list, "--lock-timeout", "0");
        var again = second.Finish(Bound) ?? throw new TimeoutException($"the second run did not finish:\n{second.Stderr}");

        again.ExitCode.Should().Be(0, "every lock is free at once: {0}", again);
        databases.Should().AllSatisfy(db => Databases.ShouldBeConsistent(db, Sample.Ids, "after the second run").Should().Equal(Sample.Ids));
    }

    /// <summary>
    /// Runs the command until stderr shows the text and the command waits on the <paramref name="hold"/>,
    /// presses Ctrl+C, and once the engine has heard it, lets go: the command can't have finished first.
    /// </summary>
    private ProcessResult Interrupt(string db, TableHold hold, string when, params string[] command)
    {
        using var run = Start(db, command);
        (run.WaitForStderr(when, Bound) && hold.WaitForAWaiter(Bound)).Should().BeTrue("the run reaches its point: {0}", run);
        run.Signal("INT");
        run.WaitForStderr("Interrupted: finishing the step in progress", Bound).Should().BeTrue("the engine hears Ctrl+C: {0}", run);
        hold.Dispose();
        return run.Finish(Bound) ?? throw new TimeoutException($"{command[0]} did not stop after Ctrl+C:\n{run.Stderr}");
    }

    private ProcessResult Run(string db, params string[] command)
    {
        using var run = Start(db, command);
        return run.Finish(Bound) ?? throw new TimeoutException($"{command[0]} did not finish:\n{run.Stderr}");
    }

    private ToolProcess Start(string db, string[] command)
        => ToolProcess.Start(Sample.Copy, new Dictionary<string, string?> { [AuditLog.PathVariable] = Audit }, [.. command, "--no-build", "--connection", db]);

    private void AuditedAsInterrupted(string command)
    {
        var line = JsonDocument.Parse(File.ReadLines(Audit).Last()).RootElement;
        line.GetProperty("command").GetString().Should().Be(command);
        line.GetProperty("exitCode").GetInt32().Should().Be(130);
        line.GetProperty("outcome").GetString().Should().Be("interrupted");
        line.GetProperty("error").GetString().Should().StartWith("Interrupted: ");
    }
}

public sealed class SqliteInterruptTests(SqliteLongSample sample) : InterruptTests, IClassFixture<SqliteLongSample>
{
    protected override LongSample Sample => sample;

    protected override LongSampleDatabases Databases { get; } = new SqliteLongDatabases(sample.Copy);
}

public sealed class PostgresInterruptTests(PostgresLongSample sample, PostgresServer server) : InterruptTests, IClassFixture<PostgresLongSample>
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
