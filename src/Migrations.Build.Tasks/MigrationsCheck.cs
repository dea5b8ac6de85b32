using System.Text.Json;
using Microsoft.Build.Framework;
using Migrations.Build.Protocol;
using Migrations.Build.Protocol.Results;

namespace Migrations.Build.Tasks;

/// <summary>
/// The build's gate: drift, integrity and unsafe pending migrations fail the build; migrations the
/// database lacks warn (MIG002).
/// </summary>
public sealed class MigrationsCheck : EngineTask
{
    /// <summary>The integrity file the check read, so the next build knows what to watch.</summary>
    [Output]
    public string LockFile { get; private set; } = string.Empty;

    protected override string Command => "check";

    protected override EngineRequest Complete(EngineRequest request) => request with { BuildGate = true };

    protected override void OnResult(JsonElement result)
        => LockFile = result.Deserialize<CheckResult>(ProtocolJson.Compact)?.LockFile ?? string.Empty;
}
