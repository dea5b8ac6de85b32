using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Migrations.Build.Protocol;

namespace Migrations.Build.Engine.Safety.Rules;

/// <summary>
/// MIG404: a primary key added to a table with rows builds its unique index under the table's
/// strongest lock (PostgreSQL: ACCESS EXCLUSIVE, reads blocked too; SQL Server: a schema-modification
/// lock unless built online), and fails on duplicates or nulls. EF Core scaffolds DropPrimaryKey and
/// AddPrimaryKey when a key changes or its table is renamed, so this is common. On SQLite EF Core
/// rebuilds the whole table to add one.
/// </summary>
internal sealed class PrimaryKeyOnExistingTableRule : SafetyRule
{
    public const string Code = "MIG404";

    public override string Id => Code;

    public override string Title => "Primary key added to an existing table";

    public override string DefaultSeverity => LogLevels.Warning;

    // The key's index is built over every row under the table's strongest lock.
    public override bool LocksTable => true;

    public override string SafeAlternative =>
        "On PostgreSQL build the index first without blocking, with migrationBuilder.Sql(\"CREATE UNIQUE INDEX CONCURRENTLY ...\", suppressTransaction: true), "
        + "then migrationBuilder.Sql(\"ALTER TABLE ... ADD CONSTRAINT ... PRIMARY KEY USING INDEX ...\"); "
        + "on SQL Server add it WITH (ONLINE = ON) where the edition has it.";

    public override IEnumerable<RuleHit> Check(MigrationOperation operation, MigrationScope scope)
    {
        if (operation is AddPrimaryKeyOperation key && scope.IsExisting(key.Table, key.Schema))
        {
            var how = scope.IsPostgreSql ? "builds its unique index under an ACCESS EXCLUSIVE lock (reads and writes wait)"
                : scope.IsSqlServer ? "builds its index under a schema-modification lock (reads and writes wait) unless built online"
                : "makes EF Core rebuild the table on SQLite (copy of every row)";
            yield return new RuleHit(
                $"Primary key {key.Name} on {MigrationScope.Display(key.Table, key.Schema)} ({string.Join(", ", key.Columns)}) {how}; "
                    + "it fails on duplicate or null keys.",
                key.Table, key.Columns.Length == 1 ? key.Columns[0] : null, key);
        }
    }
}
