using Migrations.Build.Protocol;

namespace Migrations.Build.Tasks;

/// <summary>The build's gate: drift (MIG001) fails the build; pending migrations (MIG002) warn.</summary>
public sealed class MigrationsCheck : EngineTask
{
    protected override string Command => "check";

    protected override EngineRequest Complete(EngineRequest request) => request with { BuildGate = true };
}
