using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Migrations.Build.Protocol;

namespace Migrations.Build.Engine.Safety.Rules;

/// <summary>MIG103: dropping a schema (and what is in it) or a sequence (and its current value).</summary>
internal sealed class DropSchemaOrSequenceRule : SafetyRule
{
    public const string Code = "MIG103";

    public override string Id => Code;

    public override string Title => "Schema or sequence dropped";

    public override string DefaultSeverity => LogLevels.Error;

    public override string SafeAlternative => "Make sure nothing uses it any more, and drop it in a later release.";

    public override IEnumerable<RuleHit> Check(MigrationOperation operation, MigrationScope scope)
    {
        switch (operation)
        {
            case DropSchemaOperation schema:
                yield return new RuleHit($"Schema {schema.Name} is dropped.", Operation: schema);
                break;
            case DropSequenceOperation sequence:
                yield return new RuleHit($"Sequence {MigrationScope.Display(sequence.Name, sequence.Schema)} is dropped, and its current value with it.",
                    Operation: sequence);
                break;
        }
    }
}
