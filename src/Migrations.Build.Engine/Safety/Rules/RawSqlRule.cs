using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Migrations.Build.Protocol;

namespace Migrations.Build.Engine.Safety.Rules;

/// <summary>MIG501: raw SQL is outside what the rules can read; a person must review it.</summary>
internal sealed class RawSqlRule : SafetyRule
{
    public const string Code = "MIG501";

    public override string Id => Code;

    public override string Title => "Raw SQL needs review";

    public override string DefaultSeverity => LogLevels.Warning;

    public override string SafeAlternative =>
        "Make it reviewable: use EF Core's typed operation where one exists, one statement per Sql() call with a comment saying what it touches, "
        + "data changes in their own migration and batched; then acknowledge the review with [AllowUnsafeOperation(\"MIG501\", Reason = \"...\")].";

    public override IEnumerable<RuleHit> Check(MigrationOperation operation, MigrationScope scope)
    {
        if (operation is SqlOperation sql)
        {
            var first = sql.Sql.Trim().Split('\n')[0].Trim();
            yield return new RuleHit($"Raw SQL runs: {(first.Length > 60 ? first[..57] + "..." : first)}", Operation: sql);
        }
    }
}
