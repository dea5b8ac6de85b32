using System.CommandLine;
using System.Text.Json;
using Migrations.Build.Protocol.Results;
using Migrations.Build.Protocol;
using Migrations.Build.Tool.Cli;
using Migrations.Build.Tool.Rendering;
using Spectre.Console;

namespace Migrations.Build.Tool.Commands;

/// <summary><c>check</c>: exit 1 when the model drifted from the migrations or migrations are pending.</summary>
internal sealed class CheckCommand(ParseResult parse) : ProjectCommand(parse)
{
    public static Command Create()
    {
        var command = new Command(
            EngineVerbs.Check,
            "Check that the migrations cover the model (no drift), that a reachable database has them all applied, that the "
            + "integrity file matches, and that pending migrations are safe. Exit 0 when clean, 1 when not.");
        command.Options.Add(FindingsReport.Format);
        LargeTableOptions.AddTo(command);
        CommonOptions.AddTo(command);
        command.SetAction(p => new CheckCommand(p).Execute());
        return command;
    }

    protected override string Verb => EngineVerbs.Check;

    protected override EngineRequest Complete(EngineRequest request) => LargeTableOptions.Complete(Parse, request);

    protected override void Render(JsonElement result)
    {
        if (!FindingsReport.Render(Out, Parse, result))
        {
            return;
        }

        var check = Read<CheckResult>(result);
        var console = Out.Result;
        if (check.Drift)
        {
            console.WriteLine($"The model has {check.DriftChanges.Count} change(s) that no migration covers:");
            foreach (var change in check.DriftChanges)
            {
                console.WriteLine("  " + change);
            }
        }
        else
        {
            console.WriteLine("No drift: the migrations cover the model.");
        }

        if (check.Pending.Count > 0)
        {
            console.WriteLine($"{check.Pending.Count} migration(s) not applied to the database:\n  " + string.Join("\n  ", check.Pending));
        }
        else if (check.DatabaseReachable)
        {
            console.WriteLine("The database has every migration applied.");
        }
    }
}
