using Migrations.Build.Protocol;

namespace Migrations.Build.Tool;

/// <summary>A failure the user can fix: its message says what to do; its exit code is the contract's.</summary>
internal sealed class ToolException(string message, int exitCode = ExitCodes.Usage) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
