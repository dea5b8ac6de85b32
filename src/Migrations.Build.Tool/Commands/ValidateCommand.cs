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
            "validate",
            "Plan the move from the database's current migration to the target (Up operations going forward, Down operations going "
            + "back), run the safety rules on them and count the rows at risk on the database. Risk none, low or high; exit 1 when high. "
            + "Changes nothing.");
        command.Arguments.Add(Target);
        LargeTableOptions.AddTo(command);
        CommonOptions.AddTo(command);
        command.SetAction(p => new ValidateCommand(p).Execute());
        return command;
    }

    protected override string Verb => "validate";

    protected override EngineRequest Complete(EngineRequest request) => LargeTableOptions.Complete(Parse, request with { Target = Parse.GetValue(Target) });

    protected override void Render(JsonElement result) => RenderPlan(Out, Read<ValidateResult>(result));

    /// <summary>The move, its risk and each finding with its rows at risk (also what production shows before it asks).</summary>
    public static void RenderPlan(Output output, ValidateResult validate)
    {
        var console = output.Result;
        console.WriteLine($"{validate.Direction} {validate.From ?? "base"} -> {validate.Target ?? "base"}: {validate.Migrations.Count} migration(s), risk {validate.Risk}");
        if (validate.Findings.Count == 0)
        {
            return;
        }

        var table = new Table().AddColumn("Rule").AddColumn("Migration").AddColumn("Where").AddColumn("Rows at risk").AddColumn("Finding");
        foreach (var f in validate.Findings)
        {
            var where = f.Table is null ? string.Empty : f.Column is null ? f.Table : $"{f.Table}.{f.Column}";
            table.AddRow(
                new Text(f.Rule), new Text(f.Migration ?? string.Empty), new Text(where),
                new Text(f.RowsAtRisk?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"), new Text(f.Message));
        }

        console.Write(table);
    }
}
