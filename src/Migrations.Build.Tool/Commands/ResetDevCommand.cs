using System.CommandLine;
using System.Text.Json;
using Migrations.Build.Protocol;
using Migrations.Build.Protocol.Results;
using Migrations.Build.Tool.Cli;
using Spectre.Console;

namespace Migrations.Build.Tool.Commands;

/// <summary><c>reset-dev</c>: drop the development database and recreate it at head.</summary>
internal sealed class ResetDevCommand(ParseResult parse) : ProjectCommand(parse)
{
    public static Command Create()
    {
        var command = new Command(
            EngineVerbs.ResetDev,
            "Drop the development database and create it again at head, applying every migration. Never in a Production "
            + "environment; on a database given by --connection or MIGRATIONS_CONNECTION (not the app's own) only with --yes.");
        CommonOptions.AddTo(command);
        command.SetAction(p => new ResetDevCommand(p).Execute());
        return command;
    }

    protected override string Verb => EngineVerbs.ResetDev;

    protected override void Validate()
    {
        var environment = ChangeOptions.EnvironmentName(Parse);
        if (ProductionEnvironments.IsProduction(environment))
        {
            throw new ToolException($"reset-dev drops the database, so it never runs in a production environment ({environment}).", ExitCodes.Refused);
        }

        var other = Parse.GetValue(CommonOptions.Connection) is not null
            || System.Environment.GetEnvironmentVariable(EngineRequest.UserConnectionVariable) is { Length: > 0 };
        if (other && !Parse.GetValue(CommonOptions.Yes))
        {
            throw new ToolException(
                "reset-dev would drop the database given by --connection or MIGRATIONS_CONNECTION, not the app's own development database. "
                + "If that is what you want, add --yes.", ExitCodes.Refused);
        }

        if (environment is { Length: > 0 } named && !named.Equals("Development", StringComparison.OrdinalIgnoreCase) && !Parse.GetValue(CommonOptions.Yes))
        {
            throw new ToolException($"reset-dev drops the database; in the {named} environment it needs --yes (only Development goes without).",
                ExitCodes.Refused);
        }
    }

    protected override void Render(JsonElement result)
    {
        var reset = Read<ResetResult>(result);
        Out.Result.WriteLine($"{(reset.Dropped ? "Dropped and recreated" : "Created")} the database at {reset.To ?? "base"}: "
            + $"{reset.Applied.Count} migration(s) applied.");
    }
}
