using Migrations.Build.Engine.Drift;
using Migrations.Build.Engine.Integrity;
using Migrations.Build.Engine.Safety;
using Migrations.Build.Engine.Sources;
using Migrations.Build.Protocol;
using Migrations.Build.Protocol.Results;

namespace Migrations.Build.Engine.Checks;

/// <summary>
/// <c>check</c>: drift (MIG001), pending on the database (MIG002), the integrity file (MIG010-012)
/// and the safety rules on pending migrations (MIG013, MIG101-605). <c>lint</c>: the last two only.
/// A migration the integrity file records was reviewed when it was locked: its findings are listed,
/// never failing (<see cref="LockOperations.Reviewed"/>).
/// </summary>
internal static class CheckOperations
{
    public static int Check(EngineSession session) => Run(session, lint: false);

    public static int Lint(EngineSession session) => Run(session, lint: true);
    private static int Run(EngineSession session, bool lint)
    {
        var sources = session.NewSources();
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

        var state = session.Timed("database and migrations", () => ProjectState.Load(session, sources, cache.Hashes, withDatabase: !session.Request.Offline));
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
        // lint lists the locked migrations' findings too (as reviewed): the history stays visible.
        var judged = lint ? state.Pending.Union(state.Locked).Order(StringComparer.Ordinal).ToList() : state.Pending;
        findings.AddRange(session.Timed("safety rules", () => Rules(session, state, cache, judged)));
        findings.AddRange(StaleModelCheck.Findings(session, state, cache, drifted: lint ? null : changes.Count > 0));
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

    /// <summary>
    /// The safety findings on <paramref name="ids"/>, each migration's from the cache when it has them; with a
    /// database, those of migrations not yet locked are sized by their tables (never cached: the data changes).
    /// </summary>
    private static List<Finding> Rules(EngineSession session, ProjectState state, CheckCache cache, IReadOnlyList<string> ids)
    {
        var analyzer = new SafetyAnalyzer(session, state.Sources);
        // Not on a database that doesn't exist yet: opening a SQLite file that isn't there would create it.
        var sizes = state.DatabaseReachable && state.Catalog.DatabaseExists ? new TableSizes(session) : null;
        var findings = new List<Finding>();
        var known = state.Catalog.Ids.ToHashSet(StringComparer.Ordinal);
        foreach (var id in ids.Where(known.Contains))
        {
            if (!cache.Rules.TryGetValue(id, out var found))
            {
                var analyzed = analyzer.AnalyzeOperations([id], reverting: false);
                foreach (var (finding, operation) in analyzed)
                {
                    if (finding.Table is { } table && SafetyAnalyzer.SchemaOf(operation) is { } schema)
                    {
                        cache.Schemas[table] = schema;
                    }
                }

                cache.Rules[id] = found = [.. analyzed.Select(f => f.Finding)];
            }

            findings.AddRange(state.LockedEntries.TryGetValue(id, out var entry) ? found.Select(f => LockOperations.Reviewed(f, entry.Baseline == true))
                : sizes is null ? found
                : found.Select(f => sizes.Apply(f, f.Table is null ? null : cache.Schemas.GetValueOrDefault(f.Table))));
        }

        if (session.Request.BuildGate && session.Request.Yes)
        {
            // -t:MigrateUp -p:MigrationsYes=true: the user confirmed these migrations for this run.
            return findings.Select(f => f.Severity != LogLevels.Error ? f : f with
            {
                Severity = LogLevels.Warning, Message = $"{f.Message} Confirmed for this build with MigrationsYes.",
            }).ToList();
        }

        return state.Lock is not null ? findings : findings.Select(NameBaseline).ToList();
    }

    /// <summary>
    /// With no integrity file yet, every migration is judged: on an app that adopts Migrations.Build
    /// with shipped migrations, the way out is a baseline, so the error says so.
    /// </summary>
    private static Finding NameBaseline(Finding finding)
        => finding.Severity != LogLevels.Error ? finding : finding with
        {
            Message = $"{finding.Message} No {IntegrityFile.FileName} yet: if this migration already shipped, record the project's migrations "
                + "as reviewed with dotnet migrate lock --baseline (MSBuild: -t:MigrationsLock -p:MigrationsBaseline=true).",
        };

    /// <summary>Each finding as a diagnostic at its file and line.</summary>
    internal static void Report(EngineSession session, IEnumerable<Finding> findings)
    {
        foreach (var f in findings)
        {
            session.Events.Diagnostic(f.Rule, f.Severity, f.Message, f.File, f.Line, f.SourceColumn);
        }
    }
}
