using Migrations.Build.Engine.Safety;
using Migrations.Build.Protocol;
using Migrations.Build.Protocol.Results;

namespace Migrations.Build.Engine.Checks;

/// <summary>Every diagnostic code the product reports, with its title, default severity and docs page, in code order.</summary>
internal static class RuleCatalog
{
    public static readonly IReadOnlyList<RuleInfo> All =
    [
        .. DiagnosticCodes.All.Concat(SafetyRules.All.Select(r => new RuleInfo(r.Id, r.Title, r.DefaultSeverity, r.HelpUri)))
            .OrderBy(r => r.Id, StringComparer.Ordinal),
    ];
}
