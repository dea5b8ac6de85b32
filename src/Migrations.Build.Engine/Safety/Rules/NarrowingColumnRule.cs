using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Migrations.Build.Protocol;

namespace Migrations.Build.Engine.Safety.Rules;

/// <summary>
/// MIG104: a column change that can lose data: a shorter length, a smaller precision or scale, or a
/// type that holds less. Compiled migrations don't keep EF Core's IsDestructiveChange, so the old
/// and new column are compared here.
/// </summary>
internal sealed class NarrowingColumnRule : SafetyRule
{
    public const string Code = "MIG104";

    public override string Id => Code;

    public override string Title => "Narrowing column change";

    public override string DefaultSeverity => LogLevels.Error;

    public override string SafeAlternative
        => "Add a new column of the new type, copy and check the values, switch the code, then drop the old column in a later release.";

    public override IEnumerable<RuleHit> Check(MigrationOperation operation, MigrationScope scope)
    {
        if (operation is AlterColumnOperation alter && ColumnTypes.Narrowing(alter.OldColumn, alter) is { } why)
        {
            yield return new RuleHit(
                $"Column {MigrationScope.Display(alter.Table, alter.Schema)}.{alter.Name} is narrowed ({why}); "
                    + "values that don't fit are cut or the migration fails.",
                alter.Table, alter.Name, alter);
        }
    }
}
