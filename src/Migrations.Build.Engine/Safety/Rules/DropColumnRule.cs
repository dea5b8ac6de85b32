using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Migrations.Build.Protocol;

namespace Migrations.Build.Engine.Safety.Rules;

/// <summary>MIG102: dropping a column deletes its values, and breaks the running version that still reads it.</summary>
internal sealed class DropColumnRule : SafetyRule
{
    public const string Code = "MIG102";

    public override string Id => Code;

    public override string Title => "Column dropped";

    public override string DefaultSeverity => LogLevels.Error;

    public override string SafeAlternative => "Drop it in a later release, after the code stops reading it; back it up first.";

    public override IEnumerable<RuleHit> Check(MigrationOperation operation, MigrationScope scope)
    {
        if (operation is DropColumnOperation drop)
        {
            yield return new RuleHit(
                $"Column {MigrationScope.Display(drop.Table, drop.Schema)}.{drop.Name} is dropped with all its values.", drop.Table, drop.Name, drop);
        }
    }
}
