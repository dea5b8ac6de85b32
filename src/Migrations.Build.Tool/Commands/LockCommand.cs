using System.CommandLine;
using System.Text.Json;
using Migrations.Build.Protocol;
using Migrations.Build.Protocol.Results;
using Migrations.Build.Tool.Cli;
using Spectre.Console;

namespace Migrations.Build.Tool.Commands;

/// <summary><c>lock [--baseline]</c>: record every migration's hash in migrations.lock.json, if the new ones are safe.</summary>
internal sealed class LockCommand(ParseResult parse) : ProjectCommand(parse)
{
    private static readonly Option<bool> Baseline = new("--baseline")
    {
        Description = "Adopt Migrations.Build on an app that already has migrations: record every migration not yet locked as "
            + "reviewed, whatever its findings, without reading the database. From then on the gate and lint judge only "
            + "migrations added later; findings on baselined ones are listed, never failing.",
    };

    public static Command Create()
    {
        var command = new Command(
            EngineVerbs.Lock,
            "Write migrations.lock.json (beside the migrations): each migration's id and a hash of what it does, so that a later "
            + "edit (MIG010), deletion (MIG011) or back-dated migration (MIG012) is caught. Refuses while the new migrations have "
            + "unacknowledged unsafe findings (--baseline takes them as reviewed). Commit the file.");
        command.Options.Add(Baseline);
        CommonOptions.AddTo(command);
        command.SetAction(p => new LockCommand(p).Execute());
        return command;
    }

    protected override string Verb => EngineVerbs.Lock;

    protected override EngineRequest Complete(EngineRequest request) => request with { Baseline = Parse.GetValue(Baseline) };

    protected override void Render(JsonElement result)
    {
        var locked = Read<LockResult>(result);
        Out.Result.WriteLine(locked.Baseline
            ? $"Baselined {locked.Added.Count} migration(s) as reviewed in {locked.File} ({locked.Migrations.Count} locked). Commit it: "
              + "the gate now judges only the migrations added from here on."
            : $"Locked {locked.Migrations.Count} migration(s) ({locked.Added.Count} new) in {locked.File}");
    }
}
