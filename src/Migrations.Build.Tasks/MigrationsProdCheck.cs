using System.Text.Json;
using Microsoft.Build.Framework;
using Migrations.Build.Protocol;
using Migrations.Build.Protocol.Results;

namespace Migrations.Build.Tasks;

/// <summary><c>-t:MigrationsProdCheck</c>: what a deploy to the database needs; fails when a check does.</summary>
public sealed class MigrationsProdCheck : EngineTask
{
    public int MaxBackupAgeHours { get; set; } = 24;

    public string? BackupDirectory { get; set; }

    protected override string Command => EngineVerbs.ProdCheck;

    protected override EngineRequest Complete(EngineRequest request) => request with
    {
        MaxBackupAgeHours = MaxBackupAgeHours,
        BackupDirectory = string.IsNullOrEmpty(BackupDirectory) ? null : BackupDirectory,
    };

    protected override void OnResult(JsonElement result)
    {
        var check = result.Deserialize<ProdCheckResult>(ProtocolJson.Compact)!;
        foreach (var item in check.Checks)
        {
            if (item.Ok)
            {
                Log.LogMessage(MessageImportance.High, Say($"{item.Name}: pass ({item.Detail})"));
            }
            else
            {
                Log.LogError($"Migrations prod-check failed: {item.Name}: {item.Detail}");
            }
        }
    }
}
