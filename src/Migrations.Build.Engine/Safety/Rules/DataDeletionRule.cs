using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Migrations.Build.Engine.Safety.RawSql;
using Migrations.Build.Protocol;

namespace Migrations.Build.Engine.Safety.Rules;

/// <summary>
/// MIG105: the migration deletes or overwrites rows: DeleteData, or raw SQL that DELETEs, TRUNCATEs
/// or UPDATEs every row (read by <see cref="RawSqlStatements"/>; EF Core's history table excepted).
/// </summary>
internal sealed class DataDeletionRule : SafetyRule
{
    public const string Code = "MIG105";

    public override string Id => Code;

    public override string Title => "Data deleted";

    public override string DefaultSeverity => LogLevels.Error;

    public override string SafeAlternative => "Back the rows up first (dotnet migrate backup --tables), and prefer archiving or soft-deleting them.";

    public override IEnumerable<RuleHit> Check(MigrationOperation operation, MigrationScope scope)
    {
        switch (operation)
        {
            case DeleteDataOperation delete:
                yield return new RuleHit(
                    $"{delete.KeyValues.GetLength(0)} row(s) are deleted from {MigrationScope.Display(delete.Table, delete.Schema)}.",
                    delete.Table, Operation: delete);
                break;
            case RawRowsOperation raw:
                var table = raw.Table is null ? "a table" : MigrationScope.Display(raw.Table, raw.Schema);
                var what = raw.Kind switch
                {
                    RawRowsKind.Truncate => $"empties {table}",
                    RawRowsKind.Update => $"overwrites every row of {table} (UPDATE without WHERE)",
                    _ when raw.Filtered => $"deletes rows from {table}",
                    _ => $"deletes every row of {table} (DELETE without WHERE)",
                };
                yield return new RuleHit($"Raw SQL {what}: {Shorten(raw.Statement)}", raw.Table, Operation: raw);
                break;
        }
    }

    private static string Shorten(string statement)
    {
        var first = statement.Split('\n')[0].Trim();
        return first.Length > 60 ? first[..57] + "..." : first;
    }
}
