using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Migrations.Build.Protocol;

namespace Migrations.Build.Engine.Safety.Rules;

/// <summary>
/// MIG401: building an index on a table with rows blocks writes to it unless built online:
/// CONCURRENTLY on PostgreSQL, ONLINE = ON on SQL Server. SQLite has neither, so it is not reported there.
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

    public override string SafeAlternative => "On PostgreSQL: .IsCreatedConcurrently() (and no transaction for that migration); on SQL Server (Enterprise): .IsCreatedOnline().";

    public override IEnumerable<RuleHit> Check(MigrationOperation operation, MigrationScope scope)
    {
        if (operation is not CreateIndexOperation index || !scope.IsExisting(index.Table, index.Schema))
        {
            yield break;
        }

        var (online, how) = scope.IsPostgreSql ? (index[PostgreSqlConcurrently] is true, "CONCURRENTLY")
            : scope.IsSqlServer ? (index[SqlServerOnline] is true, "ONLINE = ON")
            : (true, string.Empty);
        if (!online)
        {
            yield return new RuleHit(
                $"Index {index.Name} on {MigrationScope.Display(index.Table, index.Schema)} is built without {how}; writes to the table block until it is done.",
                index.Table, index.Columns.Length == 1 ? index.Columns[0] : null, index);
        }
    }
}
