using System.CommandLine;
using System.Text.Json;
using Migrations.Build.Protocol.Results;
using Migrations.Build.Tool.Cli;
using Spectre.Console;

namespace Migrations.Build.Tool.Commands;

/// <summary><c>lint</c>: the safety rules and the integrity file on pending migrations, in a format for people or CI.</summary>
internal sealed class LintCommand(ParseResult parse) : ProjectCommand(parse)
{
    public static Command Create()
    {
        var command = new Command(
            "lint",
            "Run the safety rules (MIG101-MIG502) and the integrity checks (MIG010-MIG013) on the pending migrations: those not "
            + "applied to a reachable database, else those not in migrations.lock.json. Exit 1 on an unacknowledged error.");
        command.Options.Add(FindingsReport.Format);
        CommonOptions.AddTo(command);
        command.SetAction(p => new LintCommand(p).Execute());
        return command;
    }

    protected override string Verb => "lint";

    protected override void Render(JsonElement result)
    {
        if (FindingsReport.Render(Out, Parse, result))
        {
            var lint = Read<CheckResult>(result);
            Out.Result.WriteLine(lint.Findings.Count == 0
                ? $"No findings in {lint.Pending.Count} pending migration(s)."
                : $"{lint.Findings.Count} finding(s) in {lint.Pending.Count} pending migration(s).");
        }
    }
}
