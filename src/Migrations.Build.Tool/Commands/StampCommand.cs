using System.CommandLine;
using System.Text.Json;
using Spectre.Console;
using Migrations.Build.Protocol;
using Migrations.Build.Protocol.Results;
using Migrations.Build.Tool.Cli;

namespace Migrations.Build.Tool.Commands;

/// <summary><c>stamp &lt;target&gt;</c>: record the target as current without running any migration.</summary>
internal sealed class StampCommand(ParseResult parse) : ProjectCommand(parse)
{
    private static readonly Argument<string?> Target = TargetArgument.Create(
        "The migration to record as current: head, base (or 0), an id, a name, a unique id prefix, or +N/-N.",
        required: true);

    public static Command Create()
    {
        var command = new Command(
            EngineVerbs.Stamp,
            "Record the target as the database's current migration by writing or removing history rows. No migration runs: "
            + "use it when the schema is already there (e.g. created by hand or by EnsureCreated).");
        command.Arguments.Add(Target);
        ChangeOptions.AddTo(command);
        CommonOptions.AddTo(command);
        command.SetAction(p => new StampCommand(p).Execute());
        return command;
    }

    protected override string Verb => EngineVerbs.Stamp;

    protected override void Validate() => ChangeOptions.ConfirmInProduction(Parse, $"rewrite the migrations history to {Parse.GetValue(Target)}");

    protected override EngineRequest Complete(EngineRequest request) => ChangeOptions.Complete(Parse, request with { Target = Parse.GetValue(Target) });

    protected override void Render(JsonElement result)
    {
        var stamp = Read<StampResult>(result);
        Out.Result.WriteLine(
            $"Stamped {stamp.To ?? "base"} (was {stamp.From ?? "base"}): {stamp.Inserted.Count} history row(s) added, {stamp.Removed.Count} removed.");
    }
}
