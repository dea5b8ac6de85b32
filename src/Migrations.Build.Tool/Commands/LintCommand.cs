using System.CommandLine;
using System.Text.Json;
using Migrations.Build.Protocol.Results;
using Migrations.Build.Protocol;
using Migrations.Build.Tool.Cli;
using Migrations.Build.Tool.Rendering;
using Spectre.Console;

namespace Migrations.Build.Tool.Commands;

/// <summary><c>lint</c>: the safety rules and the integrity file on pending migrations, in a format for people or CI.</summary>
internal sealed class LintCommand(ParseResult parse) : ProjectCommand(parse)
{
    public static Command Create()
    {
        var command = new Command(
            EngineVerbs.Lint,
            "Run the safety rules (MIG101-MIG605; MIG6xx are suggestions, never failing) and the integrity checks (MIG010-MIG013) "
            + "on the pending migrations: those not "
            + "applied to a reachable database, else those not in migrations.lock.json. Migrations the lock file records were reviewed "
            + "(or baselined): their findings are listed, never failing. Exit 1 on an unacknowledged error.");
        command.Options.Add(FindingsReport.Format);
        LargeTableOptions.AddTo(command);
        CommonOptions.AddTo(command);
        command.SetAction(p => new LintCommand(p).Execute());
        return command;
    }

    protected override string Verb => EngineVerbs.Lint;

    protected override EngineRequest Complete(EngineRequest request) => LargeTableOptions.Complete(Parse, request);

    protected override void Render(JsonElement result)
    {
        if (FindingsReport.Render(Out, Parse, result))
        {
            var lint = Read<CheckResult>(result);
            var judged = lint.Findings.Count(f => f.Severity is LogLevels.Error or LogLevels.Warning);
            var suggestions = lint.Findings.Count(f => f.Severity == LogLevels.Suggestion);
            var others = lint.Findings.Count - judged - suggestions;
            Out.Result.WriteLine((judged == 0 ? $"No findings to act on in {lint.Pending.Count} pending migration(s)."
                : $"{judged} finding(s) in {lint.Pending.Count} pending migration(s).")
                + (suggestions > 0 ? $" {suggestions} suggestion(s), never failing." : string.Empty)
                + (others > 0 ? $" {others} more acknowledged, or reviewed when locked." : string.Empty));
        }
    }
}
