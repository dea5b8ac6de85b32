using System.Text.Json;
using Microsoft.Build.Framework;
using Migrations.Build.Protocol;
using Migrations.Build.Protocol.Results;

namespace Migrations.Build.Tasks;

/// <summary><c>-t:MigrationsRollback</c>: back up the data at risk, then revert down to <see cref="Target"/>.</summary>
public sealed class MigrationsRollback : EngineTask
{
    [Required]
    public string Target { get; set; } = string.Empty;

    public bool Force { get; set; }

    public string? BackupDirectory { get; set; }

    /// <summary>Confirms the rollback in a production environment (MigrationsYes).</summary>
    public bool Yes { get; set; }

    [Output]
    public string BackupFile { get; private set; } = string.Empty;

    protected override string Command => EngineVerbs.Rollback;

    protected override EngineRequest Complete(EngineRequest request) => request with
    {
        Target = Target,
        Force = Force,
        Yes = Yes,
        BackupDirectory = string.IsNullOrEmpty(BackupDirectory) ? null : BackupDirectory,
    };

    protected override void OnResult(JsonElement result)
    {
        var rollback = result.Deserialize<RollbackResult>(ProtocolJson.Compact)!;
        BackupFile = rollback.BackupFile ?? string.Empty;
        Log.LogMessage(MessageImportance.High, rollback.Reverted.Count == 0
            ? Say($"the database is at {rollback.To ?? "base"}; nothing to roll back.")
            : Say($"rolled back {rollback.Reverted.Count} migration(s), {rollback.From} -> {rollback.To ?? "base"}; "
                + $"the data at risk is in {rollback.BackupFile}."));
    }
}
