using System.CommandLine;
using System.Text.Json;
using Migrations.Build.Protocol.Results;
using Migrations.Build.Tool.Cli;
using Spectre.Console;

namespace Migrations.Build.Tool.Commands;

/// <summary><c>lock</c>: record every migration's hash in migrations.lock.json, if the new ones are safe.</summary>
internal sealed class LockCommand(ParseResult parse) : ProjectCommand(parse)
{
    public static Command Create()
    {
        var command = new Command(
            "lock",
            "Write migrations.lock.json (beside the migrations): each migration's id and a hash of what it does, so that a later "
            + "edit (MIG010), deletion (MIG011) or back-dated migration (MIG012) is caught. Refuses while the new migrations have "
            + "unacknowledged unsafe findings. Commit the file.");
        CommonOptions.AddTo(command);
        command.SetAction(p => new LockCommand(p).Execute());
        return command;
    }

    protected override string Verb => "lock";

    protected override void Render(JsonElement result)
    {
        var locked = Read<LockResult>(result);
        Out.Result.WriteLine($"Locked {locked.Migrations.Count} migration(s) ({locked.Added.Count} new) in {locked.File}");
    }
}
