using System.CommandLine;
using System.Text.Json;
using Migrations.Build.Protocol;
using Migrations.Build.Tool.Cli;
using Migrations.Build.Tool.Rendering;
using Migrations.Build.Tool.Running;

namespace Migrations.Build.Tool.Commands;

/// <summary><c>upgrade [target]</c>: apply migrations up to the target (default head).</summary>
internal sealed class UpgradeCommand(ParseResult parse) : ProjectCommand(parse)
{
    private static readonly Argument<string?> Target = TargetArgument.Create(
        "Where to go: head (default), a migration id, its name, a unique id prefix, or +N.",
        required: false);

    public static Command Create()
    {
        var command = new Command(EngineVerbs.Upgrade, "Apply pending migrations up to the target (default: head).");
        command.Arguments.Add(Target);
        command.Options.Add(ScriptOptions.Sql);
        command.Options.Add(ScriptOptions.Idempotent);
        ChangeOptions.AddTo(command);
        DdlLockOptions.AddTo(command);
        LargeTableOptions.AddTo(command);
        FleetOptions.AddTo(command);
        CommonOptions.AddTo(command);
        command.SetAction(p => new UpgradeCommand(p).Execute());
        return command;
    }

    protected override string Verb => EngineVerbs.Upgrade;

    protected override ProductionPreview? Preview => Parse.GetValue(ScriptOptions.Sql) ? null
        : new ProductionPreview($"run unsafe migrations up to {Parse.GetValue(Target) ?? "head"}", OnlyWhenUnsafe: true);

    protected override void Validate()
    {
        ScriptOptions.Validate(Parse);
        if (Parse.GetValue(ScriptOptions.Sql) && Parse.GetValue(FleetOptions.Connections) is not null)
        {
            throw new ToolException("--sql prints one database's script; it can't be used with --connections. Leave out --connections to see the SQL.");
        }
    }

    protected override EngineRequest Complete(EngineRequest request)
        => LargeTableOptions.Complete(Parse,
            DdlLockOptions.Complete(Parse, ChangeOptions.Complete(Parse, ScriptOptions.Complete(Parse, request with { Target = Parse.GetValue(Target) }))));

    protected override string Summarize(JsonElement result)
    {
        var move = Read<Protocol.Results.MigrateResult>(result);
        return move.Applied.Count == 0 ? $"already at {move.To ?? "base"}" : $"applied {move.Applied.Count}, now at {move.To}";
    }

    protected override void Render(JsonElement result) => MoveRenderer.Render(Out, result);
}
