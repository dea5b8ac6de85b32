using System.Text.Json;
using Microsoft.Build.Framework;
using Migrations.Build.Protocol;
using Migrations.Build.Protocol.Results;

namespace Migrations.Build.Tasks;

/// <summary>
/// The build's gate: drift, integrity and unsafe pending migrations fail the build; migrations the
/// database lacks warn (MIG002). Incremental through its <see cref="Stamp"/>: while nothing it reads
/// changed, what the last check reported is reported again without starting the engine.
/// </summary>
public sealed class MigrationsCheck : EngineTask
{
    private readonly List<EngineEvent> _reported = [];

    /// <summary>The integrity files the engine read, one per context checked.</summary>
    private readonly List<string> _lockFiles = [];

    /// <summary>The last passing check's stamp (obj/.../migrations.check.stamp); empty: always check, keep nothing.</summary>
    public string? Stamp { get; set; }

    /// <summary>The compiled assemblies whose change makes the check run again.</summary>
    public ITaskItem[] Inputs { get; set; } = [];

    /// <summary>Check even when the stamp is current (an explicit -t:MigrationsCheck).</summary>
    public bool Force { get; set; }

    /// <summary>
    /// MigrationsYes: the user confirmed the pending migrations' unsafe findings for this build (they
    /// warn); such a check keeps no stamp, so the next build judges them again.
    /// </summary>
    public bool Yes { get; set; }

    /// <summary>The publish gate: the database is read only when this run was given a connection, never the app's own.</summary>
    public bool OnlyGivenDatabase { get; set; }

    protected override string Command => EngineVerbs.Check;

    public override bool Execute()
    {
        var stamp = string.IsNullOrEmpty(Stamp) ? null : Stamp;
        // The threshold too: a passing check under the default must not be replayed for a build that lowers it.
        var request = CheckStamp.RequestKey(
            App.GetMetadata("Context"), Environment ?? App.GetMetadata("Environment"), App.GetMetadata("LockFile"), App.GetMetadata("LargeTableRows"),
            GivenConnection is { } given ? CheckStamp.RequestKey(given) : null);
        if (stamp is not null && !Force && !Yes && CheckStamp.ReadCurrent(stamp, request, Inputs.Select(i => i.GetMetadata("FullPath"))) is { } last)
        {
            Log.LogMessage(MessageImportance.Normal,
                "Migrations: nothing the check reads changed since it last passed; its findings are repeated. -t:MigrationsCheck checks again.");
            foreach (var diagnostic in last.Diagnostics)
            {
                LogDiagnostic(diagnostic);
            }

            return !Log.HasLoggedErrors; // a replayed warning may be an error now (MSBuildWarningsAsErrors)
        }

        if (stamp is not null)
        {
            CheckStamp.Delete(stamp);
        }

        var ok = base.Execute() && !Log.HasLoggedErrors;

        // Kept only for a check that read everything: not one confirmed by MigrationsYes, nor one that
        // couldn't read the database (MIG905: the next build tries again).
        if (ok && stamp is not null && !Yes && _lockFiles.Count > 0 && !_reported.Any(d => d.Code == SetupCodes.DatabaseUnreachable))
        {
            var lockFiles = _lockFiles.Distinct(StringComparer.Ordinal).ToDictionary(f => f, CheckStamp.HashOf, StringComparer.Ordinal);
            new CheckStamp { Request = request, LockFiles = lockFiles, Diagnostics = _reported }.Write(stamp);
        }

        return ok;
    }

    protected override EngineRequest Complete(EngineRequest request) => request with { BuildGate = true, Yes = Yes, Offline = OnlyGivenDatabase && GivenConnection is null };

    protected override void LogDiagnostic(EngineEvent e)
    {
        _reported.Add(e);
        base.LogDiagnostic(e);
    }

    protected override void OnResult(JsonElement result)
    {
        if (result.Deserialize<CheckResult>(ProtocolJson.Compact)?.LockFile is { Length: > 0 } lockFile)
        {
            _lockFiles.Add(lockFile);
        }
    }
}
