using System.Text.Json;
using Microsoft.Build.Framework;
using Migrations.Build.Protocol;
using Migrations.Build.Protocol.Results;

namespace Migrations.Build.Tasks;

/// <summary><c>-t:MigrationsBackup</c>: a backup of the database's tables (or <see cref="Tables"/>).</summary>
public sealed class MigrationsBackup : EngineTask
{
    public string? Name { get; set; }

    public string[] Tables { get; set; } = [];

    public string? BackupDirectory { get; set; }

    public bool Compress { get; set; }

    [Output]
    public string BackupFile { get; private set; } = string.Empty;

    protected override string Command => EngineVerbs.Backup;

    protected override EngineRequest Complete(EngineRequest request) => request with
    {
        Name = string.IsNullOrEmpty(Name) ? null : Name,
        Tables = Tables,
        BackupDirectory = string.IsNullOrEmpty(BackupDirectory) ? null : BackupDirectory,
        Compress = Compress,
    };

    protected override void OnResult(JsonElement result)
    {
        var backup = result.Deserialize<BackupResult>(ProtocolJson.Compact)!;
        BackupFile = backup.File;
        Log.LogMessage(MessageImportance.High, Say($"backed up {backup.Tables.Count} table(s), {backup.Tables.Sum(t => t.Rows)} row(s) to {backup.File}"));
    }
}
