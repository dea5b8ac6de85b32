using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Migrations.Build.Protocol;

namespace Migrations.Build.Engine.Safety.Rules;

/// <summary>
/// MIG205: an existing column made nullable (DROP NOT NULL). Cheap for the database, but during a
/// rolling deploy the running version reads the nulls the new one writes, and never expected them.
/// </summary>
internal sealed class ColumnMadeNullableRule : SafetyRule
{
    public const string Code = "MIG205";

    public override string Id => Code;

    public override string Title => "Existing column made nullable";

    public override string DefaultSeverity => LogLevels.Warning;

    public override string SafeAlternative => "First ship code that copes with null wherever the column is read (a nullable property, null checks), "
        + "then make the column nullable in a later release.";

    public override IEnumerable<RuleHit> Check(MigrationOperation operation, MigrationScope scope)
    {
        if (operation is AlterColumnOperation alter && !alter.OldColumn.IsNullable && alter.IsNullable && scope.IsExisting(alter.Table, alter.Schema))
        {
            yield return new RuleHit(
                $"Column {MigrationScope.Display(alter.Table, alter.Schema)}.{alter.Name} is made nullable; "
                    + "the version still running may read nulls it never expected.",
                alter.Table, alter.Name, alter);
        }
    }
}
