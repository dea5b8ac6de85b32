using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Migrations.Build.Protocol;

namespace Migrations.Build.Engine.Safety.Rules;

/// <summary>MIG203: a unique index or constraint on a table with rows fails on duplicates.</summary>
internal sealed class UniqueOverExistingDataRule : SafetyRule
{
    public const string Code = "MIG203";

    public override string Id => Code;

    public override string Title => "Unique index or constraint added over existing data";

    public override string DefaultSeverity => LogLevels.Warning;

    // The unique index is built over every row while writes wait.
    public override bool LocksTable => true;

    public override string SafeAlternative =>
        "Find and resolve duplicates first (dotnet migrate validate counts them). "
        + "The unique index builds under lock meanwhile (MIG401): on PostgreSQL build it "
        + "with .IsCreatedConcurrently(), and for a constraint attach that index with \"ALTER TABLE ... ADD CONSTRAINT ... UNIQUE USING INDEX ...\" "
        + "(migrationBuilder.Sql).";

    public override IEnumerable<RuleHit> Check(MigrationOperation operation, MigrationScope scope)
    {
        var (table, schema, name, columns) = operation switch
        {
            CreateIndexOperation { IsUnique: true } i => (i.Table, i.Schema, i.Name, i.Columns),
            AddUniqueConstraintOperation u => (u.Table, u.Schema, u.Name, u.Columns),
            _ => (null, null, null, []),
        };
        if (table is not null && scope.IsExisting(table, schema))
        {
            yield return new RuleHit(
                $"Unique {name} on {MigrationScope.Display(table, schema)} ({string.Join(", ", columns)}) fails if existing rows hold duplicates.",
                table, columns.Length == 1 ? columns[0] : null, operation);
        }
    }
}
