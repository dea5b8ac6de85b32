using Migrations.Build.Protocol;

namespace Migrations.Build.Engine;

/// <summary>
/// A failure the user can fix. Its message says what was wrong and what to do; its exit code is
/// the contract's. Everything else that escapes a command is unexpected and reported as such.
/// </summary>
public sealed class EngineException(string message, int exitCode = ExitCodes.Usage, Exception? inner = null, string? code = null)
    : Exception(message, inner)
{
    public int ExitCode { get; } = exitCode;

    /// <summary>The setup code (<see cref="SetupCodes"/>) a build reports it under; null: by its exit code.</summary>
    public string? Code { get; } = code;
}
