namespace Migrations.Build.Protocol;

/// <summary>Levels of log and diagnostic events.</summary>
public static class LogLevels
{
    public const string Error = "error";
    public const string Warning = "warning";
    public const string Info = "info";
    public const string Verbose = "verbose";

    /// <summary>A diagnostic that was acknowledged or downgraded: shown, never failing.</summary>
    public const string Message = "message";

    /// <summary>A better choice the rules point at (e.g. a column type): shown by lint, never failing a command or a build.</summary>
    public const string Suggestion = "suggestion";
}
