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
}
