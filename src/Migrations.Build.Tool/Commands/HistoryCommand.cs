using System.CommandLine;
using System.Text.Json;
using Migrations.Build.Protocol.Results;
using Migrations.Build.Protocol;
using Migrations.Build.Tool.Cli;
using Spectre.Console;

namespace Migrations.Build.Tool.Commands;

/// <summary><c>history [-v]</c>: every migration, applied or pending; -v adds each one's operations.</summary>
internal sealed class HistoryCommand(ParseResult parse) : ProjectCommand(parse)
{
    public static Command Create()
    {
        var command = new Command(EngineVerbs.History, "List the project's migrations, oldest first, with whether each is applied. "
            + "-v adds the operations of each.");
        CommonOptions.AddTo(command);
        command.SetAction(p => new HistoryCommand(p).Execute());
        return command;
    }

    protected override string Verb => EngineVerbs.History;

    protected override void Render(JsonElement result)
    {
        var history = Read<HistoryResult>(result);
        if (history.Migrations.Count == 0)
        {
            Out.Result.WriteLine("The project has no migrations yet. Create one: dotnet migrate revision -m \"initial\"");
            return;
        }

        var table = new Table().AddColumn("Migration").AddColumn("Name").AddColumn("Status");
        foreach (var m in history.Migrations)
        {
            table.AddRow(
                new Text(m.Id),
                new Text(m.Name),
                new Markup(m.Applied ? "[green]applied[/]" : "[yellow]pending[/]"));
            foreach (var op in m.Operations ?? [])
            {
                table.AddRow(new Text(string.Empty), new Text("  " + op), new Text(string.Empty));
            }
        }

        Out.Result.Write(table);
        if (!history.DatabaseExists)
        {
            Out.Result.WriteLine("No database yet: nothing is applied.");
        }

        foreach (var id in history.UnknownApplied)
        {
            Out.Warn($"The database has {id} applied, but the project has no such migration.");
        }
    }
}
