using System.CommandLine;
using System.Text.Json;
using Spectre.Console;
using Migrations.Build.Protocol.Results;
using Migrations.Build.Protocol;
using Migrations.Build.Tool.Cli;

namespace Migrations.Build.Tool.Commands;

/// <summary><c>current</c>: the database's current migration, head, and what is pending.</summary>
internal sealed class CurrentCommand(ParseResult parse) : ProjectCommand(parse)
{
    public static Command Create()
    {
        var command = new Command(EngineVerbs.Current, "Show the database's current migration, the head, and the pending migrations. "
            + "Never changes the database.");
        FleetOptions.AddTo(command);
        CommonOptions.AddTo(command);
        command.SetAction(p => new CurrentCommand(p).Execute());
        return command;
    }

    protected override string Verb => EngineVerbs.Current;

    protected override string Summarize(JsonElement result)
    {
        var current = Read<CurrentResult>(result);
        return !current.DatabaseExists ? "no database yet"
            : $"at {current.Current ?? "base"}{(current.Pending.Count > 0 ? $", {current.Pending.Count} pending" : ", up to date")}";
    }

    protected override void Render(JsonElement result)
    {
        var current = Read<CurrentResult>(result);
        var console = Out.Result;
        if (!current.DatabaseExists)
        {
            console.WriteLine("No database yet (nothing applied).");
        }

        console.WriteLine($"Current: {current.Current ?? "base"}");
        console.WriteLine($"Head:    {current.Head ?? "(no migrations)"}");
        console.WriteLine(current.Pending.Count == 0
            ? "Pending: none"
            : $"Pending: {current.Pending.Count}\n  " + string.Join("\n  ", current.Pending));
    }
}
