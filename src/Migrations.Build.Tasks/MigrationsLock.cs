using System.Text.Json;
using Microsoft.Build.Framework;
using Migrations.Build.Protocol;
using Migrations.Build.Protocol.Results;

namespace Migrations.Build.Tasks;

/// <summary>
/// <c>-t:MigrationsLock [-p:MigrationsBaseline=true]</c>: writes the integrity file; with a baseline,
/// every migration not yet locked is recorded as reviewed, without the database.
/// </summary>
public sealed class MigrationsLock : EngineTask
{
    public bool Baseline { get; set; }

    protected override string Command => EngineVerbs.Lock;

    protected override EngineRequest Complete(EngineRequest request) => request with { Baseline = Baseline };

    protected override void OnResult(JsonElement result)
    {
        var locked = result.Deserialize<LockResult>(ProtocolJson.Compact)!;
        Log.LogMessage(MessageImportance.High, locked.Baseline
            ? Say($"baselined {locked.Added.Count} migration(s) as reviewed in {locked.File}; commit it.")
            : Say($"locked {locked.Migrations.Count} migration(s) ({locked.Added.Count} new) in {locked.File}."));
    }
}
