using System.Text.Json;
using Microsoft.Build.Framework;
using Migrations.Build.Protocol;
using Migrations.Build.Protocol.Results;

namespace Migrations.Build.Tasks;

/// <summary><c>-t:MigrateUp</c>: upgrades the app's database to <see cref="Target"/>.</summary>
public sealed class MigrationsUpgrade : EngineTask
{
    public string Target { get; set; } = "head";

    protected override string Command => EngineVerbs.Upgrade;

    /// <summary>Confirms an upgrade with unsafe findings in a production environment.</summary>
    public bool Yes { get; set; }

    /// <summary>Seconds the migrations' statements wait for a table lock (MigrationsDdlLockTimeout); empty: the engine's default.</summary>
    public string? DdlLockTimeout { get; set; }

    /// <summary>How often a migration that timed out on a table lock is tried again (MigrationsDdlLockRetries).</summary>
    public string? DdlLockRetries { get; set; }

    protected override EngineRequest Complete(EngineRequest request) => request with
    {
        Target = Target,
        Yes = Yes,
        DdlLockTimeout = int.TryParse(DdlLockTimeout, out var timeout) && timeout >= 0 ? timeout : request.DdlLockTimeout,
        DdlLockRetries = int.TryParse(DdlLockRetries, out var retries) && retries >= 0 ? retries : request.DdlLockRetries,
    };

    protected override void OnResult(JsonElement result)
    {
        var move = result.Deserialize<MigrateResult>(ProtocolJson.Compact)!;
        Log.LogMessage(MessageImportance.High, move.Applied.Count == 0
            ? Say($"the database is at {move.To ?? "base"}; nothing to apply.")
            : Say($"applied {move.Applied.Count} migration(s), {move.From ?? "base"} -> {move.To}."));
    }
}
