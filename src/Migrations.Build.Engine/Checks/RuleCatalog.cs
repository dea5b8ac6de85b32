using Migrations.Build.Engine.Drift;
using Migrations.Build.Engine.Integrity;
using Migrations.Build.Engine.Safety;
using Migrations.Build.Protocol;
using Migrations.Build.Protocol.Results;

namespace Migrations.Build.Engine.Checks;

/// <summary>Every diagnostic code the product reports, with its title, default severity and docs page.</summary>
internal static class RuleCatalog
{
    public static readonly IReadOnlyList<RuleInfo> All =
    [
        Info(DriftOperations.DriftCode, "Model has changes no migration covers", LogLevels.Error),
        Info(DriftOperations.PendingCode, "Migration pending against the database", LogLevels.Warning),
        Info(Cycle.ModelComparison.Code, "Migrations don't build the model's schema", LogLevels.Error),
        Info(IntegrityCheck.ChangedCode, "Locked migration modified", LogLevels.Error),
        Info(IntegrityCheck.MissingCode, "Locked migration missing", LogLevels.Error),
        Info(IntegrityCheck.OutOfOrderCode, "New migration sorts before a locked or applied one", LogLevels.Error),
        Info(SafetyAnalyzer.MissingReasonCode, "AllowUnsafeOperation without a reason", LogLevels.Error),
        .. SafetyRules.All.Select(r => new RuleInfo(r.Id, r.Title, r.DefaultSeverity, r.HelpUri)),
        Info(Cycle.CycleRunner.CycleCode, "Migration fails the up/down cycle", LogLevels.Error),
        Info(Cycle.SeedCheck.Code, "Migration loses seeded data it claims to keep", LogLevels.Error),
    ];

    public static string HelpUri(string id) => $"https://github.com/migrations-build/migrations-build/blob/main/docs/rules/{id}.md";

    private static RuleInfo Info(string id, string title, string severity) => new(id, title, severity, HelpUri(id));
}
