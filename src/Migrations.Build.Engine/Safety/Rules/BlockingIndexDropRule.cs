using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Migrations.Build.Protocol;

namespace Migrations.Build.Engine.Safety.Rules;

/// <summary>
/// MIG405: on PostgreSQL, DROP INDEX takes an ACCESS EXCLUSIVE lock on the table: it waits behind
/// every running query, and every query that comes after waits behind it. DROP INDEX CONCURRENTLY
/// doesn't, but EF Core's DropIndex has no such option. SQL Server drops a nonclustered index as a
/// brief metadata change and SQLite has no concurrent readers to block, so neither is reported.
/// </summary>
internal sealed class BlockingIndexDropRule : SafetyRule
{
    public const string Code = "MIG405";

    public override string Id => Code;

    public override string Title => "Index dropped without CONCURRENTLY";

    public override string DefaultSeverity => LogLevels.Warning;

    // The drop queues every query behind it for as long as the longest running one on the table.
    public override bool LocksTable => true;

    public override string SafeAlternative =>
        "Replace DropIndex with migrationBuilder.Sql(\"DROP INDEX CONCURRENTLY IF EXISTS ...\", suppressTransaction: true), "
            + "which EF Core runs outside the migration's transaction.";

    public override IEnumerable<RuleHit> Check(MigrationOperation operation, MigrationScope scope)
    {
        if (scope.IsPostgreSql && operation is DropIndexOperation drop && drop.Table is { } table && scope.IsExisting(table, drop.Schema)
            && !scope.Analyzed.OfType<DropTableOperation>().Any(t => t.Name == table && t.Schema == drop.Schema))
        {
            yield return new RuleHit(
                $"Index {drop.Name} on {MigrationScope.Display(table, drop.Schema)} is dropped without CONCURRENTLY: "
                    + $"the drop waits for an ACCESS EXCLUSIVE lock, and queries on {table} queue behind it.",
                table, Operation: drop);
        }
    }
}
