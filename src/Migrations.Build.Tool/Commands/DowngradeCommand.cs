using System.CommandLine;
using System.Text.Json;
using Migrations.Build.Protocol;
using Migrations.Build.Tool.Cli;
using Migrations.Build.Tool.Rendering;
using Migrations.Build.Tool.Running;

namespace Migrations.Build.Tool.Commands;

/// <summary><c>downgrade &lt;target&gt;</c>: revert migrations down to the target.</summary>
internal sealed class DowngradeCommand(ParseResult parse) : ProjectCommand(parse)
{
    private static readonly Argument<string?> Target = TargetArgument.Create(
        "Where to go: -N, a migration id, its name, a unique id prefix, or base (also 0) to revert them all.",
        required: true);

    public static Command Create()
    {
        var command = new Command(EngineVerbs.Downgrade, "Revert applied migrations down to the target; the target itself stays applied.");
        command.Arguments.Add(Target);
        command.Options.Add(ScriptOptions.Sql);
        command.Options.Add(ScriptOptions.Idempotent);
        ChangeOptions.AddTo(command);
        DdlLockOptions.AddTo(command);
        CommonOptions.AddTo(command);
        command.SetAction(p => new DowngradeCommand(p).Execute());
        return command;
    }

    protected override string Verb => EngineVerbs.Downgrade;

    protected override ProductionPreview? Preview => Parse.GetValue(ScriptOptions.Sql) ? null
        : new ProductionPreview($"revert migrations down to {Parse.GetValue(Target)}");

    protected override void Validate()
    {
        ScriptOptions.Validate(Parse);
        if (Parse.GetValue(ScriptOptions.Idempotent))
        {
            throw new ToolException("--idempotent makes upgrade scripts that run anywhere; a downgrade script starts from the database's current migration. "
                + "Leave out --idempotent.");
        }
    }

    protected override EngineRequest Complete(EngineRequest request)
        => DdlLockOptions.Complete(Parse, ChangeOptions.Complete(Parse, ScriptOptions.Complete(Parse, request with { Target = Parse.GetValue(Target) })));

    protected override void Render(JsonElement result) => MoveRenderer.Render(Out, result);
}
