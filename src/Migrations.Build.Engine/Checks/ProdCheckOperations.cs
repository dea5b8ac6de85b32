using Migrations.Build.Engine.Concurrency;
using Migrations.Build.Engine.Drift;
using Migrations.Build.Engine.Integrity;
using Migrations.Build.Engine.Validate;
using Migrations.Build.Protocol;
using Migrations.Build.Protocol.Backups;
using Migrations.Build.Protocol.Results;

namespace Migrations.Build.Engine.Checks;

/// <summary>
/// <c>prod-check</c>: is this database ready for the deploy? The connection, the pending migrations
/// and what they put at risk (the safety rules with rows counted), drift, the integrity file, the
/// migrations lock, a recent backup when a pending migration has findings, and free disk for the
/// next backup. Pending migrations alone don't fail it: they are what the deploy applies.
/// Changes nothing.
/// </summary>
internal static class ProdCheckOperations
{
    /// <summary>Less than this free in the backup folder fails the disk check.</summary>
    private const long MinimumFreeBytes = 512L * 1024 * 1024;

    public static int ProdCheck(EngineSession session)
    {
        session.AnnounceDatabase();
        _ = session.SnapshotModel; // built while the database is read
        var state = ProjectState.Load(session); // an unreachable database is exit 3 here
        var checks = new List<ProdCheckItem>
        {
            new("connection", state.Catalog.DatabaseExists, state.Catalog.DatabaseExists ? "connected" : "the database does not exist"),
        };
        var plan = ValidateOperations.Plan(session, "head");
        ValidateOperations.Report(session, plan);
        var pending = plan.Steps;
        checks.Add(new("pending migrations", true, pending.Count == 0 ? "none: the database is at head" : $"{pending.Count}: {string.Join(", ", pending)}"));

        var errors = plan.Findings.Where(f => f.Severity == LogLevels.Error).ToList();
        var atRisk = plan.Findings.Sum(f => f.RowsAtRisk ?? 0);
        checks.Add(new("safety of pending migrations", errors.Count == 0,
            plan.Findings.Count == 0 ? "no findings" : $"{errors.Count} unacknowledged error(s), {plan.Findings.Count} finding(s), {atRisk} row(s) at risk"));

        var (_, changes, drift) = DriftOperations.Drift(state);
        CheckOperations.Report(session, drift);
        checks.Add(new("model matches the migrations", changes.Count == 0, changes.Count == 0 ? "no drift" : string.Join("; ", changes)));

        var integrity = IntegrityCheck.Run(state).ToList();
        CheckOperations.Report(session, integrity);
        var broken = integrity.Where(f => f.Severity == LogLevels.Error).ToList();
        checks.Add(new("integrity file", broken.Count == 0,
            state.Lock is null ? $"no {IntegrityFile.FileName} (nothing locked yet)" : broken.Count == 0 ? "every locked migration unchanged"
                : string.Join("; ", broken.Select(f => f.Message))));

        checks.Add(LockFree(session));
        var folder = Path.GetFullPath(session.Request.BackupDirectory ?? BackupFormat.DefaultFolder, session.Request.ProjectDir);
        checks.Add(RecentBackup(folder, plan.Findings.Count > 0, TimeSpan.FromHours(session.Request.MaxBackupAgeHours)));
        checks.Add(FreeDisk(folder));

        var passed = checks.All(c => c.Ok);
        session.Events.Result(new ProdCheckResult
        {
            Passed = passed,
            Environment = session.EnvironmentName,
            Database = session.DatabaseInfo,
            Checks = checks,
            Pending = pending,
            Findings = [.. plan.Findings, .. drift, .. integrity],
        });
        return passed ? ExitCodes.Success : ExitCodes.Findings;
    }

    private static ProdCheckItem LockFree(EngineSession session)
    {
        try
        {
            using var held = DatabaseLock.Acquire(session, TimeSpan.Zero);
            return new("migrations lock", true, "free");
        }
        catch (EngineException e) when (e.ExitCode == ExitCodes.Refused)
        {
            return new("migrations lock", false, "held by another migrations command");
        }
    }

    /// <summary>When a pending migration has findings, the newest backup must be younger than the limit.</summary>
    private static ProdCheckItem RecentBackup(string folder, bool needed, TimeSpan maxAge)
    {
        var newest = Directory.Exists(folder)
            ? Directory.GetFiles(folder).Where(BackupStreams.IsBackupFile)
                .Select(File.GetLastWriteTimeUtc).DefaultIfEmpty(DateTime.MinValue).Max()
            : DateTime.MinValue;
        var age = DateTime.UtcNow - newest;
        var detail = newest == DateTime.MinValue ? $"no backup in {folder}" : $"newest backup {age.TotalHours:0.#} h old";
        return !needed
            ? new("recent backup", true, $"not needed (no findings); {detail}")
            : new("recent backup", age <= maxAge, $"{detail}; pending migrations have findings, so one younger than {maxAge.TotalHours:0.#} h is needed "
                + "(dotnet migrate backup)");
    }

    private static ProdCheckItem FreeDisk(string folder)
    {
        var existing = folder;
        while (!Directory.Exists(existing) && Path.GetDirectoryName(existing) is { } parent)
        {
            existing = parent;
        }

        var free = new DriveInfo(existing).AvailableFreeSpace;
        return new("free disk for backups", free >= MinimumFreeBytes, $"{free / (1024.0 * 1024 * 1024):0.##} GiB free in {existing} (at least 0.5 GiB needed)");
    }
}
