using System.Text.Json;
using Microsoft.Build.Framework;
using Migrations.Build.Protocol;
using Migrations.Build.Protocol.Results;

namespace Migrations.Build.Tasks;

/// <summary><c>-t:MigrationsValidate</c>: what moving to <see cref="Target"/> would risk; fails when the risk is high.</summary>
public sealed class MigrationsValidate : EngineTask
{
    [Required]
    public string Target { get; set; } = string.Empty;

    protected override string Command => EngineVerbs.Validate;

    protected override EngineRequest Complete(EngineRequest request) => request with { Target = Target };

    protected override void OnResult(JsonElement result)
    {
        var validate = result.Deserialize<ValidateResult>(ProtocolJson.Compact)!;
        Log.LogMessage(MessageImportance.High,
            Say($"{validate.Direction} {validate.From ?? "base"} -> {validate.Target ?? "base"}, {validate.Migrations.Count} migration(s), "
                + $"risk {validate.Risk}."));
    }
}
