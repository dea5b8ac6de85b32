using System.Text.Json;
using Microsoft.Build.Framework;
using Migrations.Build.Protocol;
using Migrations.Build.Protocol.Results;
using Migrations.Build.Tasks.Fingerprint;

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

    /// <summary>The compiled assemblies of the app (with the projects it references, from the app's metadata): what the model fingerprint reads.</summary>
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
            App.GetMetadata("Context"), Environment ?? App.GetMetadata("Environment"), App.GetMetadata("LockFile"), Metadata("LargeTableRows"),
            GivenConnection is { } given ? CheckStamp.RequestKey(given) : null);
        var previous = stamp is null ? null : CheckStamp.Read(stamp);
        var fingerprint = stamp is null ? null : Fingerprint(previous?.Fingerprint); // before the check: what it is about to read
        if (fingerprint is not null && !Force && !Yes && previous?.IfCurrent(request, fingerprint.Value) is { } last)
        {
            Log.LogMessage(MessageImportance.Normal,
                "Migrations: nothing the model or the check reads changed since it last passed; its findings are repeated. -t:MigrationsCheck checks again.");
            foreach (var diagnostic in last.Diagnostics)
            {
                LogDiagnostic(diagnostic);
            }

            if (last.Fingerprint!.Assemblies != fingerprint.Assemblies)
            {
                (last with { Fingerprint = fingerprint }).Write(stamp!); // compiled again, same model: the next no-op build needn't read it
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
        if (ok && stamp is not null && fingerprint is not null && !Yes && _lockFiles.Count > 0 && !_reported.Any(d => d.Code == SetupCodes.DatabaseUnreachable))
        {
            var lockFiles = _lockFiles.Distinct(StringComparer.Ordinal).ToDictionary(f => f, CheckStamp.HashOf, StringComparer.Ordinal);
            new CheckStamp { Request = request, Fingerprint = fingerprint, LockFiles = lockFiles, Diagnostics = _reported }.Write(stamp);
        }

        return ok;
    }

    /// <summary>What the check depends on besides the database and the integrity file (<see cref="GateFingerprint"/>); null when it can't be read.</summary>
    private GateFingerprint.Result? Fingerprint(GateFingerprint.Result? last)
    {
        var assemblies = Inputs.Select(i => i.GetMetadata("FullPath"))
            .Concat(List("ProjectReferences").Select(r => r.Split('|')[0]))
            .Where(a => a.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        try
        {
            var output = new[] { App.GetMetadata("FullPath"), StartupAssembly }.Select(Path.GetDirectoryName).OfType<string>();
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var result = GateFingerprint.Compute(assemblies, output, App.GetMetadata("ProjectDir"), StartupAssembly, last);
            Log.LogMessage(MessageImportance.Low, $"Migrations: the model fingerprint of {assemblies.Count} assemblies took {watch.ElapsedMilliseconds} ms.");
            return result;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or BadImageFormatException or InvalidOperationException)
        {
            Log.LogMessage(MessageImportance.Low, $"Migrations: the model fingerprint couldn't be read ({e.Message}); checking.");
            return null; // an assembly being written, or one we can't read: check, keep nothing
        }
    }

    protected override EngineRequest Complete(EngineRequest request)
        => request with { BuildGate = true, Yes = Yes, Offline = OnlyGivenDatabase && GivenConnection is null };

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
