using System.CommandLine;
using System.Text.Json;
using Migrations.Build.Protocol;
using Migrations.Build.Protocol.Results;
using Migrations.Build.Tool.Cli;
using Migrations.Build.Tool.Rendering;

namespace Migrations.Build.Tool.Running;

/// <summary>
/// What production shows and asks before a change: validate's plan of the move to
/// <paramref name="Target"/> (migrations, findings, rows at risk), then a typed 'yes' for
/// <paramref name="What"/>. With <paramref name="OnlyWhenUnsafe"/>, it asks only when the plan has
/// an error (the engine itself refuses an unsafe upgrade that wasn't confirmed).
/// </summary>
internal sealed record ProductionPreview(string Target, string What, bool OnlyWhenUnsafe = false)
{
    /// <summary>Before anything is built: with no terminal to ask on and no --yes, a change that always asks is refused.</summary>
    public void RefuseWithoutTerminal(ParseResult parse)
    {
        if (!OnlyWhenUnsafe && !ChangeOptions.CanAsk && ChangeOptions.Unconfirmed(parse) is { } environment)
        {
            ChangeOptions.Ask(environment, What);
        }
    }

    /// <summary>
    /// In production without --yes, on a terminal: shows the plan and asks. Returns the request to
    /// run (confirmed), or the outcome that stopped it (validate failed).
    /// </summary>
    public (EngineRequest Request, EngineOutcome? Stopped) Confirm(ParseResult parse, Output output, EngineRequest request, Func<EngineRequest, EngineOutcome> run)
    {
        if (!ChangeOptions.CanAsk || ChangeOptions.Unconfirmed(parse) is not { } environment)
        {
            return (request, null);
        }

        var plan = run(request with { Command = EngineVerbs.Validate, Target = Target });
        if (plan.Result is not { } result)
        {
            return (request, plan);
        }

        var validate = result.Deserialize<ValidateResult>(ProtocolJson.Compact)!;
        PlanView.Render(output, validate);
        if (!OnlyWhenUnsafe || validate.Findings.Any(f => f.Severity == LogLevels.Error))
        {
            ChangeOptions.Ask(environment, What);
        }

        return (request with { Yes = true }, null);
    }
}
