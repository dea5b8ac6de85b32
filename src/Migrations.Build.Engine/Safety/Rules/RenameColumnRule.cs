using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Migrations.Build.Protocol;

namespace Migrations.Build.Engine.Safety.Rules;

/// <summary>MIG302: renaming a column breaks the version still running during a rolling deploy.</summary>
internal sealed class RenameColumnRule : SafetyRule
{
    public const string Code = "MIG302";

    public override string Id => Code;

    public override string Title => "Column renamed";

    public override string DefaultSeverity => LogLevels.Warning;

    public override string SafeAlternative => "Add the new column, write to both, backfill, switch reads, then drop the old column in a later release.";

    public override IEnumerable<RuleHit> Check(MigrationOperation operation, MigrationScope scope)
    {
        if (operation is RenameColumnOperation rename)
        {
            yield return new RuleHit(
                $"Column {MigrationScope.Display(rename.Table, rename.Schema)}.{rename.Name} is renamed to {rename.NewName}; "
                    + "the running version still uses the old name.",
                rename.Table, rename.Name, rename);
        }
    }
}
