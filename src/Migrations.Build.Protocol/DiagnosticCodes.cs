using Migrations.Build.Protocol.Results;

namespace Migrations.Build.Protocol;

/// <summary>
/// The diagnostic codes that are not safety rules (each rule defines its own code in its class), with
/// their titles and default severities, and where every code's page is. Setup failures are <see cref="SetupCodes"/>.
/// </summary>
public static class DiagnosticCodes
{
    public const string Drift = "MIG001";
    public const string Pending = "MIG002";
    public const string SchemaMismatch = "MIG003";
    public const string LockedChanged = "MIG010";
    public const string LockedMissing = "MIG011";
    public const string OutOfOrder = "MIG012";
    public const string MissingReason = "MIG013";
    public const string StaleModel = "MIG014";
    public const string ConflictMarkers = "MIG015";
    public const string DuplicateMigration = "MIG016";
    public const string CycleFails = "MIG503";
    public const string SeedLost = "MIG504";

    public static readonly IReadOnlyList<RuleInfo> All =
    [
        Info(Drift, "Model has changes no migration covers", LogLevels.Error),
        Info(Pending, "Migration pending against the database", LogLevels.Warning),
        Info(SchemaMismatch, "Migrations don't build the model's schema", LogLevels.Error),
        Info(LockedChanged, "Locked migration modified", LogLevels.Error),
        Info(LockedMissing, "Locked migration missing", LogLevels.Error),
        Info(OutOfOrder, "New migration sorts before a locked or applied one", LogLevels.Error),
        Info(MissingReason, "AllowUnsafeOperation without a reason", LogLevels.Error),
        Info(StaleModel, "Migration made without another branch's migration", LogLevels.Error),
        Info(ConflictMarkers, "Merge conflict markers in migration sources", LogLevels.Error),
        Info(DuplicateMigration, "Two migrations share an id or a name", LogLevels.Error),
        Info(CycleFails, "Migration fails the up/down cycle", LogLevels.Error),
        Info(SeedLost, "Migration loses seeded data it claims to keep", LogLevels.Error),
    ];

    /// <summary>The code's page: docs/rules/MIGxxx.md.</summary>
    public static string HelpUri(string id) => $"https://github.com/migrations-build/migrations-build/blob/main/docs/rules/{id}.md";

    private static RuleInfo Info(string id, string title, string severity) => new(id, title, severity, HelpUri(id));
}
