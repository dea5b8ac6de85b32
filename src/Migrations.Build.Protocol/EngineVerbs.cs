namespace Migrations.Build.Protocol;

/// <summary>
/// The engine's verbs, by the name a request carries: the tool's command names, the tasks' requests
/// and the engine's dispatch all use these, so a verb is spelled once.
/// </summary>
public static class EngineVerbs
{
    public const string Current = "current";
    public const string History = "history";
    public const string Upgrade = "upgrade";
    public const string Downgrade = "downgrade";
    public const string Stamp = "stamp";
    public const string Check = "check";
    public const string Lint = "lint";
    public const string Lock = "lock";
    public const string Revision = "revision";
    public const string Rebase = "rebase";
    public const string Squash = "squash";
    public const string Validate = "validate";
    public const string Backup = "backup";
    public const string Restore = "restore";
    public const string Rollback = "rollback";
    public const string ResetDev = "reset-dev";
    public const string ProdCheck = "prod-check";
    public const string Test = "test";

    /// <summary>What a migration bundle holds: EF Core's version, the contexts and their migrations (no database).</summary>
    public const string Contents = "contents";
}
