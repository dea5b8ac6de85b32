using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Migrations.Build.Protocol;

namespace Migrations.Build.Engine.Safety.Rules;

/// <summary>
/// MIG402: a column change that rewrites the whole table (and locks it meanwhile): a change of stored
/// type on PostgreSQL and SQL Server; on SQLite, EF Core rebuilds the table for any column change,
/// once per table however many columns change, so that is one finding per table. A narrowing change
/// is MIG104's alone: its safe way (a new column, copied) avoids the rewrite too. Changes the engine
/// makes in its catalog only are not reported: on PostgreSQL varchar to text or to a longer varchar
/// (binary coercible); a longer length or a higher precision keeps the stored type, so isn't either.
/// </summary>
internal sealed class TableRewriteRule : SafetyRule
{
    public const string Code = "MIG402";

    public override string Id => Code;

    public override string Title => "Column change that rewrites the table";

    public override string DefaultSeverity => LogLevels.Warning;

    // Every row is copied while the table is locked.
    public override bool LocksTable => true;

    public override string SafeAlternative
        => "On a large table, add a new column, backfill it in batches and switch over instead of changing the column in place.";

    public override IEnumerable<RuleHit> Check(MigrationOperation operation, MigrationScope scope)
    {
        if (scope.IsSqlite || operation is not AlterColumnOperation alter || !scope.IsExisting(alter.Table, alter.Schema))
        {
            yield break;
        }

        if (ColumnTypes.ChangesStoredType(alter.OldColumn, alter) && ColumnTypes.Narrowing(alter.OldColumn, alter) is null
            && !(scope.IsPostgreSql && ColumnTypes.PostgresBinaryCoercible(alter.OldColumn, alter)))
        {
            yield return new RuleHit(
                $"Column {MigrationScope.Display(alter.Table, alter.Schema)}.{alter.Name} changes type "
                    + $"({alter.OldColumn.ColumnType ?? alter.OldColumn.ClrType?.Name} -> {alter.ColumnType ?? alter.ClrType?.Name}); "
                    + "the table is rewritten and locked meanwhile.",
                alter.Table, alter.Name, alter);
        }
    }

    public override IEnumerable<RuleHit> CheckMigration(MigrationScope scope)
    {
        if (!scope.IsSqlite)
        {
            yield break;
        }

        var rebuilt = scope.Analyzed.OfType<AlterColumnOperation>()
            .Where(a => scope.IsExisting(a.Table, a.Schema))
            .GroupBy(a => a.Table, StringComparer.OrdinalIgnoreCase);
        foreach (var table in rebuilt)
        {
            var columns = table.Select(a => a.Name).Distinct(StringComparer.OrdinalIgnoreCase).ToList();

            // One column names it (rollback backs that column up); several leave it to the table (all of it is copied).
            var what = columns.Count == 1 ? $"column {table.Key}.{columns[0]}" : $"{columns.Count} columns of {table.Key} ({string.Join(", ", columns)})";
            yield return new RuleHit(
                $"Changing {what} makes EF Core rebuild table {table.Key} on SQLite (copy of every row).",
                table.Key, columns.Count == 1 ? columns[0] : null, table.First());
        }
    }
}
