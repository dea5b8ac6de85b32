using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Migrations.Build.Protocol;

namespace Migrations.Build.Engine.Safety.Rules;

/// <summary>MIG202: making an existing column NOT NULL fails on rows that hold null (and scans the table).</summary>
internal sealed class ColumnMadeNotNullRule : SafetyRule
{
    public const string Code = "MIG202";

    public override string Id => Code;

    public override string Title => "Existing column made NOT NULL";

    public override string DefaultSeverity => LogLevels.Error;

    // SET NOT NULL scans every row under an exclusive lock (SQLite rebuilds the table).
    public override bool LocksTable => true;

    public override string SafeAlternative
        => "Backfill the nulls first (in this migration's Up, before the change, or in an earlier one) and check none are left.";

    public override IEnumerable<RuleHit> Check(MigrationOperation operation, MigrationScope scope)
    {
        // With a default (EF Core scaffolds one), the providers fill the nulls first: nothing fails; MIG206 reports that form.
        if (operation is AlterColumnOperation alter && alter.OldColumn.IsNullable && !alter.IsNullable && scope.IsExisting(alter.Table, alter.Schema)
            && alter.DefaultValue is null && alter.DefaultValueSql is null)
        {
            yield return new RuleHit(
                $"Column {MigrationScope.Display(alter.Table, alter.Schema)}.{alter.Name} is made NOT NULL; rows holding null make the migration fail.",
                alter.Table, alter.Name, alter);
        }
    }
}
