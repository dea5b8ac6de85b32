using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Migrations.Build.Protocol;

namespace Migrations.Build.Engine.Safety.Rules;

/// <summary>MIG201: a NOT NULL column without a default, added to a table that has rows, fails or blocks.</summary>
internal sealed class NotNullColumnWithoutDefaultRule : SafetyRule
{
    public const string Code = "MIG201";

    public override string Id => Code;

    public override string Title => "NOT NULL column added without a default";

    public override string DefaultSeverity => LogLevels.Error;

    // Not sized: the ALTER fails on any row at all, so a small table is no safer than a large one.

    public override string SafeAlternative => "Add it nullable (or with a default), backfill the rows, then make it required in a later migration.";

    public override IEnumerable<RuleHit> Check(MigrationOperation operation, MigrationScope scope)
    {
        if (operation is AddColumnOperation add && !add.IsNullable && add.DefaultValue is null && add.DefaultValueSql is null
            && add.ComputedColumnSql is null && !ColumnTypes.IsIdentity(add) && scope.IsExisting(add.Table, add.Schema))
        {
            yield return new RuleHit(
                $"Column {MigrationScope.Display(add.Table, add.Schema)}.{add.Name} is added NOT NULL without a default to a table that may have rows.",
                add.Table, add.Name, add);
        }
    }
}
