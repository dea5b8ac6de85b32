using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Migrations.Build.Protocol;

namespace Migrations.Build.Engine.Safety.Rules;

/// <summary>
/// MIG402: a column change that rewrites the whole table (and locks it meanwhile): a change of stored
/// type on PostgreSQL and SQL Server; on SQLite, EF Core rebuilds the table for any column change.
/// </summary>
internal sealed class TableRewriteRule : SafetyRule
{
    public const string Code = "MIG402";

    public override string Id => Code;

    public override string Title => "Column change that rewrites the table";

    public override string DefaultSeverity => LogLevels.Warning;

    public override string SafeAlternative => "On a large table, add a new column, backfill it in batches and switch over instead of changing the column in place.";

    public override IEnumerable<RuleHit> Check(MigrationOperation operation, MigrationScope scope)
    {
        if (operation is not AlterColumnOperation alter || !scope.IsExisting(alter.Table, alter.Schema))
        {
            yield break;
        }

        var column = $"{MigrationScope.Display(alter.Table, alter.Schema)}.{alter.Name}";
        if (scope.IsSqlite)
        {
            yield return new RuleHit($"Changing column {column} makes EF Core rebuild table {alter.Table} on SQLite (copy of every row).", alter.Table, alter.Name, alter);
        }
        else if (ColumnTypes.ChangesStoredType(alter.OldColumn, alter))
        {
            yield return new RuleHit(
                $"Column {column} changes type ({alter.OldColumn.ColumnType ?? alter.OldColumn.ClrType?.Name} -> {alter.ColumnType ?? alter.ClrType?.Name}); the table is rewritten and locked meanwhile.",
                alter.Table, alter.Name, alter);
        }
    }
}
