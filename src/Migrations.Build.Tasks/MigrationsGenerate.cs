using System.Text.Json;
using Microsoft.Build.Framework;
using Migrations.Build.Protocol;
using Migrations.Build.Protocol.Results;

namespace Migrations.Build.Tasks;

/// <summary><c>-t:MigrationsGenerate -p:MigrationName=AddX</c>: writes a migration from the model's changes.</summary>
public sealed class MigrationsGenerate : EngineTask
{
    [Required]
    public string MigrationName { get; set; } = string.Empty;

    protected override string Command => EngineVerbs.Revision;

    protected override EngineRequest Complete(EngineRequest request) => request with { Message = MigrationName };

    protected override void OnResult(JsonElement result)
    {
        var revision = result.Deserialize<RevisionResult>(ProtocolJson.Compact)!;
        Log.LogMessage(MessageImportance.High, Say($"created {revision.Id}: {string.Join(", ", revision.Files.Select(Path.GetFileName))}"));
    }
}
