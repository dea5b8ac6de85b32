using Migrations.Build.Protocol;
using Migrations.Build.Protocol.Results;

namespace Migrations.Build.Engine.Safety.Rules;

/// <summary>MIG502: a migration whose Down is empty or throws, while its Up does something, can't be rolled back.</summary>
internal sealed class IrreversibleMigrationRule : SafetyRule
{
    public const string Code = "MIG502";

    public override string Id => Code;

    public override string Title => "Irreversible migration";

    public override string DefaultSeverity => LogLevels.Warning;

    public override string SafeAlternative => "Write a Down that undoes the Up, or acknowledge that this migration can't be rolled back.";

    /// <summary>
    /// The finding when the migration is being reverted and its Down throws: an error, not the rule's
    /// warning, since the downgrade in hand can't run at all (the warning says a rollback would fail someday).
    /// </summary>
    public static Finding CannotRevert(string id, MigrationScope scope) => new()
    {
        Rule = Code, Severity = LogLevels.Error, Migration = id,
        Message = $"Migration {scope.Name} can't be reverted: its Down throws ({scope.DownError?.Message}).",
    };

    public override IEnumerable<RuleHit> CheckMigration(MigrationScope scope)
    {
        if (scope.Up.Count == 0)
        {
            yield break;
        }

        if (scope.DownError is { } error)
        {
            yield return new RuleHit($"Migration {scope.Name} can't be rolled back: its Down throws ({error.GetType().Name}: {error.Message}).");
        }
        else if (scope.Down is { Count: 0 })
        {
            yield return new RuleHit($"Migration {scope.Name} can't be rolled back: its Down is empty while its Up has {scope.Up.Count} operation(s).");
        }
    }
}
