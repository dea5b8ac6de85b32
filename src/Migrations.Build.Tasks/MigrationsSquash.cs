using System.Text.Json;
using Microsoft.Build.Framework;
using Migrations.Build.Protocol;
using Migrations.Build.Protocol.Results;

namespace Migrations.Build.Tasks;

/// <summary>
/// <c>-t:MigrationsSquash -p:MigrationsTarget=AddX [-p:MigrationsDropDataSteps=true] [-p:MigrationsDryRun=true]</c>:
/// replaces every migration up to the target with one, as <c>dotnet migrate squash</c> does.
/// </summary>
public sealed class MigrationsSquash : EngineTask
{
    /// <summary>The last migration to squash.</summary>
    [Required]
    public string Target { get; set; } = string.Empty;

    public bool DropDataSteps { get; set; }

    public bool DryRun { get; set; }

    protected override string Command => EngineVerbs.Squash;

    protected override EngineRequest Complete(EngineRequest request)
        => request with { Target = Target, DropDataSteps = DropDataSteps, DryRun = DryRun };

    protected override void OnResult(JsonElement result)
    {
        var squash = result.Deserialize<SquashResult>(ProtocolJson.Compact)!;
        Log.LogMessage(MessageImportance.High, Say($"{(squash.DryRun ? "would squash" : "squashed")} {squash.Squashed.Count} migration(s) into {squash.Into}"
            + (squash.KeptSteps.Count > 0 ? $", keeping {squash.KeptSteps.Count} raw SQL step(s)" : string.Empty)
            + (squash.Relocked ? "; the integrity file updated" : string.Empty)));
    }
}
