using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Migrations.Build.Protocol;

namespace Migrations.Build.Engine.Safety.Rules;

/// <summary>MIG301: renaming a table breaks the version still running during a rolling deploy.</summary>
internal sealed class RenameTableRule : SafetyRule
{
    public const string Code = "MIG301";

    public override string Id => Code;

    public override string Title => "Table renamed";

    public override string DefaultSeverity => LogLevels.Warning;

    public override string SafeAlternative => "Create the new table, write to both, backfill, switch reads, and drop the old one in a later release (or use a view under the old name meanwhile).";

    public override IEnumerable<RuleHit> Check(MigrationOperation operation, MigrationScope scope)
    {
        if (operation is RenameTableOperation rename)
        {
            yield return new RuleHit(
                $"Table {MigrationScope.Display(rename.Name, rename.Schema)} is renamed to {MigrationScope.Display(rename.NewName ?? rename.Name, rename.NewSchema ?? rename.Schema)}; the running version still uses the old name.",
                rename.Name, Operation: rename);
        }
    }
}
