using Migrations.Build.Engine.Integrity;
using Migrations.Build.Engine.Safety;
using Migrations.Build.Protocol;
using Migrations.Build.Protocol.Results;

namespace Migrations.Build.Engine.Checks;

/// <summary>
/// <c>lock</c>: writes the integrity file, refusing while the migrations it adds have unacknowledged
/// error findings. <c>lock --baseline</c> adopts it on a project with history: every migration not yet
/// locked is recorded as reviewed whatever its findings, without the database, since what shipped long
/// ago is not a decision to take now.
/// </summary>
internal static class LockOperations
{
    public static int Lock(EngineSession session)
    {
        var baseline = session.Request.Baseline;
        var state = ProjectState.Load(session, withDatabase: !baseline);
        var unlocked = state.Catalog.Ids.Where(id => !state.LockedEntries.ContainsKey(id)).ToList();

        // Every migration it adds is vetted, applied somewhere or not: locking marks it reviewed.
        // Shipped history is what --baseline is for.
        var safety = new SafetyAnalyzer(session, state.Sources).Analyze(unlocked);
        var findings = IntegrityCheck.Run(state).Concat(baseline ? safety.Select(f => Reviewed(f, baselined: true)) : safety).ToList();
        CheckOperations.Report(session, findings);
        var blocking = findings.Where(f => f.Severity == LogLevels.Error).ToList();
        if (blocking.Count > 0)
        {
            session.Events.Failure(ExitCodes.Findings, baseline
                ? $"Not locked: {blocking.Count} error finding(s) above on migrations locked before. A baseline records new migrations; "
                    + "it doesn't bless edits to locked ones."
                : $"Not locked: {blocking.Count} unacknowledged error finding(s) above. Make those migrations safe, or acknowledge each with "
                  + "[AllowUnsafeOperation(\"MIGxxx\", Reason = \"...\")] on the migration class, then lock again. "
                  + (state.Lock is null ? "If they shipped already (adopting Migrations.Build on an existing app), record them as reviewed: "
                      + "dotnet migrate lock --baseline." : string.Empty));
            return ExitCodes.Findings;
        }

        var mine = state.Catalog.Ids
            .Select(id => state.LockedEntries.TryGetValue(id, out var kept) ? kept : new LockedMigration(id, state.Hash(id), baseline ? true : null))
            .ToList();
        var file = IntegrityFile.With(state.Lock, state.ContextName, mine);
        Directory.CreateDirectory(Path.GetDirectoryName(state.LockPath)!);
        file.Write(state.LockPath);
        session.Info(baseline
            ? $"Baselined {unlocked.Count} migration(s) in {state.LockPath}: recorded as reviewed; the gate judges only migrations added from now on."
            : $"Locked {mine.Count} migration(s) in {state.LockPath} ({unlocked.Count} new).");
        session.Events.Result(new LockResult
        {
            File = state.LockPath, Migrations = state.Catalog.Ids, Added = unlocked, Baseline = baseline, Findings = findings,
        });
        return ExitCodes.Success;
    }

    /// <summary>
    /// A finding on a migration the integrity file records: it was reviewed when locked (or baselined
    /// on adoption), so it is listed as such and never fails anything.
    /// </summary>
    public static Finding Reviewed(Finding finding, bool baselined)
        => finding.Severity is LogLevels.Error or LogLevels.Warning or LogLevels.Suggestion
            ? finding with
            {
                Severity = LogLevels.Message,
                Message = $"{finding.Message} {(baselined ? "Baselined" : "Reviewed")}: locked in {IntegrityFile.FileName}.",
            }
            : finding;
}
