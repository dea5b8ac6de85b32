using System.CommandLine;
using System.Text.Json;
using Migrations.Build.Protocol;
using Migrations.Build.Protocol.Results;
using Migrations.Build.Tool.Cli;
using Migrations.Build.Tool.Rendering;
using Spectre.Console;

namespace Migrations.Build.Tool.Commands;

/// <summary><c>validate &lt;target&gt;</c>: what moving there would risk, with rows at risk counted. Changes nothing.</summary>
internal sealed class ValidateCommand(ParseResult parse) : ProjectCommand(parse)
{
    private static readonly Argument<string?> Target = TargetArgument.Create(
        "Where the database would go: head, base, -N, +N, a migration id, its name or a unique prefix.",
        required: true);

    public static Command Create()
    {
        var command = new Command(
            EngineVerbs.Validate,
            "Plan the move from the database's current migration to the target (Up operations going forward, Down operations going "
            + "back), run the safety rules on them and count the rows at risk on the database. Risk none, low or high; exit 1 when high. "
            + "Changes nothing.");
        command.Arguments.Add(Target);
        LargeTableOptions.AddTo(command);
        CommonOptions.AddTo(command);
        command.SetAction(p => new ValidateCommand(p).Execute());
        return command;
    }

    protected override string Verb => EngineVerbs.Validate;

    protected override EngineRequest Complete(EngineRequest request) => LargeTableOptions.Complete(Parse, request with { Target = Parse.GetValue(Target) });

    protected override void Render(JsonElement result) => PlanView.Render(Out, Read<ValidateResult>(result));
}
