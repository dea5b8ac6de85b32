using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Migrations.Build.Protocol;

namespace Migrations.Build.Engine.Safety.Rules;

/// <summary>
/// MIG401: building an index on a table with rows blocks writes to it unless built online:
/// CONCURRENTLY on PostgreSQL, ONLINE = ON on SQL Server; a unique constraint always builds its index
/// under the table's strongest lock. SQLite has neither, so it is not reported there.
/// </summary>
internal sealed class BlockingIndexRule : SafetyRule
{
    public const string Code = "MIG401";

    // The providers' annotation names (Npgsql's IsCreatedConcurrently, SQL Server's IsCreatedOnline).
    private const string PostgreSqlConcurrently = "Npgsql:CreatedConcurrently";
    private const string SqlServerOnline = "SqlServer:Online";

    public override string Id => Code;

    public override string Title => "Index created without CONCURRENTLY / ONLINE";

    public override string DefaultSeverity => LogLevels.Warning;

    // Building the index reads every row while writes wait.
    public override bool LocksTable => true;

    public override string SafeAlternative =>
        "On PostgreSQL: .IsCreatedConcurrently() on the index in the model (Npgsql then runs CREATE INDEX CONCURRENTLY outside the migration's transaction; "
        + "a unique constraint: migrationBuilder.Sql(\"CREATE UNIQUE INDEX CONCURRENTLY ...\", suppressTransaction: true) then \"ALTER TABLE ... ADD "
        + "CONSTRAINT ... UNIQUE USING INDEX ...\"); on SQL Server (Enterprise, Azure SQL): .IsCreatedOnline().";

    public override IEnumerable<RuleHit> Check(MigrationOperation operation, MigrationScope scope)
    {
        if (scope.IsSqlite)
        {
            yield break;
        }

        switch (operation)
        {
            case CreateIndexOperation index when scope.IsExisting(index.Table, index.Schema):
                var (online, how) = scope.IsPostgreSql ? (index[PostgreSqlConcurrently] is true, "CONCURRENTLY")
                    : (index[SqlServerOnline] is true, "ONLINE = ON");
                if (!online)
                {
                    yield return new RuleHit(
                        $"Index {index.Name} on {MigrationScope.Display(index.Table, index.Schema)} is built without {how}; "
                            + "writes to the table block until it is done.",
                        index.Table, index.Columns.Length == 1 ? index.Columns[0] : null, index);
                }

                break;
            case AddUniqueConstraintOperation unique when scope.IsExisting(unique.Table, unique.Schema):
                // EF Core has no online form of a unique constraint: its index is built under the constraint's lock.
                var lockName = scope.IsPostgreSql ? "an ACCESS EXCLUSIVE lock (reads wait too)" : "a schema-modification lock";
                yield return new RuleHit(
                    $"Unique constraint {unique.Name} on {MigrationScope.Display(unique.Table, unique.Schema)} builds its index under "
                        + $"{lockName} until it is done.",
                    unique.Table, unique.Columns.Length == 1 ? unique.Columns[0] : null, unique);
                break;
        }
    }
}
