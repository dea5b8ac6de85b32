using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Migrations.Build.Protocol;

namespace Migrations.Build.Engine.Safety.Rules;

/// <summary>MIG204: a foreign key or check constraint on a table with rows fails on rows that break it.</summary>
internal sealed class ConstraintOverExistingDataRule : SafetyRule
{
    public const string Code = "MIG204";

    public override string Id => Code;

    public override string Title => "Foreign key or check constraint added over existing data";

    public override string DefaultSeverity => LogLevels.Warning;

    // Every row is checked against the new constraint while the table is locked.
    public override bool LocksTable => true;

    // EF Core has no API for an unvalidated constraint: the safe way is raw SQL, with the constraint kept in the model.
    public override string SafeAlternative =>
        "Fix the rows that would break it first. EF Core can't add a constraint unvalidated, so replace the operation with migrationBuilder.Sql: "
        + "on PostgreSQL \"ALTER TABLE ... ADD CONSTRAINT ... NOT VALID\" here and \"ALTER TABLE ... VALIDATE CONSTRAINT ...\" in a later migration "
        + "(it then scans without blocking writes); on SQL Server \"... WITH NOCHECK ADD CONSTRAINT ...\" then \"... WITH CHECK CHECK CONSTRAINT ...\".";

    public override IEnumerable<RuleHit> Check(MigrationOperation operation, MigrationScope scope)
    {
        switch (operation)
        {
            case AddForeignKeyOperation fk when scope.IsExisting(fk.Table, fk.Schema):
                yield return new RuleHit(
                    $"Foreign key {fk.Name} on {MigrationScope.Display(fk.Table, fk.Schema)} ({string.Join(", ", fk.Columns)}) "
                        + $"fails if existing rows point to missing {fk.PrincipalTable} rows.",
                    fk.Table, fk.Columns.Length == 1 ? fk.Columns[0] : null, fk);
                break;
            case AddCheckConstraintOperation check when scope.IsExisting(check.Table, check.Schema):
                yield return new RuleHit(
                    $"Check constraint {check.Name} on {MigrationScope.Display(check.Table, check.Schema)} ({check.Sql}) fails if existing rows break it.",
                    check.Table, Operation: check);
                break;
        }
    }
}
