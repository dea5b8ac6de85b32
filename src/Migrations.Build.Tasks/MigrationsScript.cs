using Migrations.Build.Protocol;

namespace Migrations.Build.Tasks;

/// <summary>Writes an idempotent script of every migration (for the publish folder).</summary>
public sealed class MigrationsScript : EngineTask
{
    [Microsoft.Build.Framework.Required]
    public string OutputFile { get; set; } = string.Empty;

    protected override string Command => EngineVerbs.Upgrade;

    protected override EngineRequest Complete(EngineRequest request)
        => request with { Target = "head", Sql = true, Idempotent = true, OutputFile = OutputFile };
}
