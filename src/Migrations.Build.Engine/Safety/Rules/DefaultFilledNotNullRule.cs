using System.Globalization;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Migrations.Build.Protocol;

namespace Migrations.Build.Engine.Safety.Rules;

/// <summary>
/// MIG206: an existing column made NOT NULL with a default, EF Core's own form. The providers fill
/// the nulls first (PostgreSQL and SQL Server: one UPDATE ... WHERE c IS NULL, then SET NOT NULL;
/// SQLite: the table rebuild copies the default in), so nothing fails, which is why MIG202 skips it:
/// but the backfill is unbatched, the table is scanned under an exclusive lock, and the nulls are
/// silently replaced.
/// </summary>
internal sealed class DefaultFilledNotNullRule : SafetyRule
{
    public const string Code = "MIG206";

    public override string Id => Code;

    public override string Title => "Existing column made NOT NULL with a default";

    public override string DefaultSeverity => LogLevels.Warning;

    // The backfill and the NOT NULL check read every row under lock.
    public override bool LocksTable => true;

    public override string SafeAlternative
        => "Backfill the nulls in batches in an earlier migration (migrationBuilder.Sql with a batched UPDATE, or a data job); "
        + "on PostgreSQL then add CHECK (column IS NOT NULL) NOT VALID by migrationBuilder.Sql, VALIDATE CONSTRAINT in a later migration, "
        + "then make the column required (PostgreSQL 12+ uses the validated check and skips the scan).";

    public override IEnumerable<RuleHit> Check(MigrationOperation operation, MigrationScope scope)
    {
        if (operation is AlterColumnOperation alter && alter.OldColumn.IsNullable && !alter.IsNullable && scope.IsExisting(alter.Table, alter.Schema)
            && (alter.DefaultValue is not null || alter.DefaultValueSql is not null))
        {
            var value = alter.DefaultValueSql ?? Convert.ToString(alter.DefaultValue, CultureInfo.InvariantCulture);
            yield return new RuleHit(
                $"Column {MigrationScope.Display(alter.Table, alter.Schema)}.{alter.Name} is made NOT NULL with default '{value}': "
                + "every null is replaced by it in one unbatched UPDATE, and the table is scanned under an exclusive lock.",
                alter.Table, alter.Name, alter);
        }
    }
}
