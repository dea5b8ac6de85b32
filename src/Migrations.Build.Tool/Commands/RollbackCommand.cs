using System.CommandLine;
using System.Text.Json;
using Migrations.Build.Protocol;
using Migrations.Build.Protocol.Results;
using Migrations.Build.Tool.Cli;
using Migrations.Build.Tool.Running;
using Spectre.Console;

namespace Migrations.Build.Tool.Commands;

/// <summary><c>rollback &lt;target&gt; [--force]</c>: a downgrade that backs up the data at risk first.</summary>
internal sealed class RollbackCommand(ParseResult parse) : ProjectCommand(parse)
{
    private static readonly Argument<string?> Target = TargetArgument.Create(
        "Where to go back to: -N, a migration id, its name, a unique id prefix, or base (also 0).",
        required: true);

    private static readonly Option<bool> Force = new("--force")
    {
        Description = "Roll back even when rows are at risk. The data at risk is still backed up first.",
    };

    public static Command Create()
    {
        var command = new Command(
            EngineVerbs.Rollback,
            "Safely revert migrations down to the target: validate the Down operations and count the rows at risk; refuse when "
            + "data would be lost (unless --force); back up exactly the data at risk (whole dropped tables; key and value of dropped "
            + "or narrowed columns) to rollback_backup_<time>.json and check it reads back; then downgrade. All under the migrations "
            + "lock. 'dotnet migrate restore <backup>' puts the data back after a re-upgrade.");
        command.Arguments.Add(Target);
        command.Options.Add(Force);
        command.Options.Add(BackupFolder.Option);
        ChangeOptions.AddTo(command);
        CommonOptions.AddTo(command);
        command.SetAction(p => new RollbackCommand(p).Execute());
        return command;
    }

    protected override string Verb => EngineVerbs.Rollback;

    protected override ProductionPreview? Preview => new($"roll the database back to {Parse.GetValue(Target)}");

    protected override EngineRequest Complete(EngineRequest request) => ChangeOptions.Complete(Parse, request with
    {
        Target = Parse.GetValue(Target),
        Force = Parse.GetValue(Force),
        BackupDirectory = BackupFolder.Given(Parse),
    });

    protected override void Render(JsonElement result)
    {
        var rollback = Read<RollbackResult>(result);
        if (rollback.Reverted.Count == 0)
        {
            Out.Result.WriteLine($"Already at {rollback.To ?? "base"}; nothing to roll back.");
            return;
        }

        Out.Result.WriteLine($"Rolled back {rollback.Reverted.Count} migration(s): {rollback.From ?? "base"} -> {rollback.To ?? "base"} "
            + $"(risk {rollback.Risk})");
        Out.Result.WriteLine($"Data at risk backed up to {rollback.BackupFile}: "
            + (rollback.BackedUp.Count == 0 ? "no rows were at risk." : string.Join(", ", rollback.BackedUp.Select(t => $"{t.Name} {t.Rows} row(s)"))));
        Out.Info($"After a re-upgrade, '{Cli.MigrateCli.Name} restore {rollback.BackupFile}' puts it back.");
    }
}
