using Migrations.Build.Engine.Drift;
using Migrations.Build.Engine.Integrity;
using Migrations.Build.Engine.Safety;
using Migrations.Build.Engine.Sources;
using Migrations.Build.Protocol;
using Migrations.Build.Protocol.Results;

namespace Migrations.Build.Engine.Checks;

/// <summary>
/// <c>check</c>: drift (MIG001), pending on the database (MIG002), the integrity file (MIG010-012)
/// and the safety rules on pending migrations (MIG013, MIG101-502). <c>lint</c>: the last two only.
/// <c>lock</c>: writes the integrity file, refusing while unacknowledged unsafe findings exist.
/// </summary>
internal static class CheckOperations
{
    public static int Check(EngineSession session) => Run(session, lint: false);

    public static int Lint(EngineSession session) => Run(session, lint: true);

    public static int Lock(EngineSession session)
    {
        var state = ProjectState.Load(session);
        var unlocked = state.Catalog.Ids.Where(id => !state.Locked.Contains(id)).ToList();

        // Migrations a reachable database already applied are history, not a decision to take now:
        // adopting the integrity file on an existing project must not be blocked by them.
        var toVet = unlocked.Intersect(state.Pending).ToList();
        var findings = IntegrityCheck.Run(state).Concat(new SafetyAnalyzer(session, state.Sources).Analyze(toVet)).ToList();
        Report(session, findings);
        var blocking = findings.Where(f => f.Severity == LogLevels.Error).ToList();
        if (blocking.Count > 0)
        {
            session.Events.Failure(ExitCodes.Findings,
                $"Not locked: {blocking.Count} unacknowledged error finding(s) above. Make those migrations safe, or acknowledge each with "
                + "[AllowUnsafeOperation(\"MIGxxx\", Reason = \"...\")] on the migration class, then lock again.");
            return ExitCodes.Findings;
        }

        var file = new LockFile
        {
            Context = session.Context.GetType().Name,
            Migrations = state.Catalog.Ids.Select(id => new LockedMigration(id, state.Hash(id))).ToList(),
        };
        Directory.CreateDirectory(Path.GetDirectoryName(state.LockPath)!);
        file.Write(state.LockPath);
        session.Info($"Locked {file.Migrations.Count} migration(s) in {state.LockPath} ({unlocked.Count} new).");
        session.Events.Result(new LockResult { File = state.LockPath, Migrations = state.Catalog.Ids, Added = unlocked, Findings = findings });
        return ExitCodes.Success;
    }

    private static int Run(EngineSession session, bool lint)
    {
        var sources = new SourceLocator(session.Request.ProjectDir);
        var cache = session.Timed("kept results", () => CheckCache.Open(session.Request, session.StartupAssembly, sources));
        if (lint || cache.Drift is not null)
        {
            // Nothing left to compute needs the app's model: EF Core is spared building it.
            session.OpenWithoutModel();
        }
        else
        {
            _ = session.SnapshotModel; // built while the database is read and the app's model is built
        }

        if (!cache.Hit)
        {
            session.WarmUpMigrations();
        }

        var state = session.Timed("database and migrations", () => ProjectState.Load(session, sources, cache.Hashes));
        var findings = new List<Finding>();
        IReadOnlyList<string> changes = [];
        if (!lint)
        {
            if (cache.Drift is null)
            {
                var (_, described, drift) = DriftOperations.Drift(state);
                cache.Drift = new CheckCache.DriftEntry([.. described], [.. drift]);
            }
            else
            {
                session.Events.Log(LogLevels.Verbose, "The model's drift is the last check's: the app, its configuration and its sources are unchanged since.");
            }

            changes = cache.Drift.Changes;
            findings.AddRange(cache.Drift.Findings);
            findings.AddRange(DriftOperations.Pending(state));
        }

        findings.AddRange(session.Timed("integrity", () => IntegrityCheck.Run(state).ToList()));
        findings.AddRange(session.Timed("safety rules", () => Rules(session, state, cache)));
        cache.Save();
        Report(session, findings);
        session.Events.Result(new CheckResult
        {
            Drift = changes.Count > 0,
            DriftChanges = changes,
            Pending = state.Pending,
            Findings = findings,
            DatabaseReachable = state.DatabaseReachable,
            Rules = RuleCatalog.All,
            LockFile = state.LockPath,
        });
        return findings.Any(f => f.Severity == LogLevels.Error) ? ExitCodes.Findings : ExitCodes.Success;
    }

    /// <summary>The safety findings on the pending migrations, each migration's from the cache when it has them.</summary>
    private static List<Finding> Rules(EngineSession session, ProjectState state, CheckCache cache)
    {
        var analyzer = new SafetyAnalyzer(session, state.Sources);
        var findings = new List<Finding>();
        foreach (var id in state.Pending)
        {
            if (!cache.Rules.TryGetValue(id, out var found))
            {
                cache.Rules[id] = found = [.. analyzer.Analyze([id])];
            }

            findings.AddRange(found);
        }

        return findings;
    }

    /// <summary>Each finding as a diagnostic at its file and line.</summary>
    internal static void Report(EngineSession session, IEnumerable<Finding> findings)
    {
        foreach (var f in findings)
        {
            session.Events.Diagnostic(f.Rule, f.Severity, f.Message, f.File, f.Line, f.SourceColumn);
        }
    }
}
