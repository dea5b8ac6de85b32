using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Migrations.Build.Protocol;

namespace Migrations.Build.Engine.Safety.Rules;

/// <summary>MIG101: dropping a table deletes every row in it.</summary>
internal sealed class DropTableRule : SafetyRule
{
    public const string Code = "MIG101";

    public override string Id => Code;

    public override string Title => "Table dropped";

    public override string DefaultSeverity => LogLevels.Error;

    public override string SafeAlternative
        => "Stop using the table in one release and drop it in a later one; back it up first (dotnet migrate backup --tables).";

    public override IEnumerable<RuleHit> Check(MigrationOperation operation, MigrationScope scope)
    {
        if (operation is DropTableOperation drop)
        {
            yield return new RuleHit($"Table {MigrationScope.Display(drop.Name, drop.Schema)} is dropped with all its rows.", drop.Name, Operation: drop);
        }
    }
}
