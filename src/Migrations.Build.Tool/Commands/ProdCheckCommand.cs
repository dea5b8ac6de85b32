using System.CommandLine;
using System.Text.Json;
using Migrations.Build.Protocol;
using Migrations.Build.Protocol.Results;
using Migrations.Build.Tool.Cli;
using Spectre.Console;

namespace Migrations.Build.Tool.Commands;

/// <summary><c>prod-check</c>: a pass/fail table of what a deploy to this database needs. Changes nothing.</summary>
internal sealed class ProdCheckCommand(ParseResult parse) : ProjectCommand(parse)
{
    private static readonly Option<string> MaxBackupAge = new("--max-backup-age")
    {
        Description = "How old the newest backup may be when pending migrations have findings: a number and h, d or w. Default: 24h.",
        DefaultValueFactory = _ => "24h",
    };

    public static Command Create()
    {
        var command = new Command(
            EngineVerbs.ProdCheck,
            "Check that a database is ready for a deploy: the connection works; the pending migrations and what they put at risk "
            + "(safety rules, rows counted); no drift; the integrity file holds; the migrations lock is free; a recent backup exists when "
            + "a pending migration has findings; free disk for the next backup. Exit 1 on any failure. Changes nothing.");
        command.Options.Add(MaxBackupAge);
        command.Options.Add(BackupFolder.Option);
        LargeTableOptions.AddTo(command);
        FleetOptions.AddTo(command);
        CommonOptions.AddTo(command);
        command.SetAction(p => new ProdCheckCommand(p).Execute());
        return command;
    }

    protected override string Verb => EngineVerbs.ProdCheck;

    protected override void Validate() => Durations.Parse(Parse.GetValue(MaxBackupAge)!, "--max-backup-age");

    protected override EngineRequest Complete(EngineRequest request) => LargeTableOptions.Complete(Parse, request) with
    {
        MaxBackupAgeHours = (int)Math.Ceiling(Durations.Parse(Parse.GetValue(MaxBackupAge)!, "--max-backup-age").TotalHours),
        BackupDirectory = BackupFolder.Given(Parse),
    };

    protected override string Summarize(JsonElement result)
    {
        var check = Read<ProdCheckResult>(result);
        return check.Passed ? "passed" : "not passed: " + string.Join("; ", check.Checks.Where(c => !c.Ok).Select(c => c.Name));
    }

    protected override void Render(JsonElement result)
    {
        var check = Read<ProdCheckResult>(result);
        var table = new Table().AddColumn("Check").AddColumn("Result").AddColumn("Detail");
        foreach (var item in check.Checks)
        {
            table.AddRow(new Text(item.Name), new Markup(item.Ok ? "[green]pass[/]" : "[red]FAIL[/]"), new Text(item.Detail));
        }

        Out.Result.Write(table);
        Out.Result.WriteLine(check.Passed ? $"Ready for the deploy ({check.Environment})." : $"Not ready: {check.Checks.Count(c => !c.Ok)} check(s) failed.");
    }
}
