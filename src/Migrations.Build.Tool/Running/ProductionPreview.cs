using System.CommandLine;
using System.Text.Json;
using Migrations.Build.Protocol;
using Migrations.Build.Protocol.Results;
using Migrations.Build.Tool.Cli;
using Migrations.Build.Tool.Rendering;

namespace Migrations.Build.Tool.Running;

/// <summary>
/// What production shows and asks before a change: the plan of the move (migrations, findings, rows
/// at risk) and a typed 'yes' for <paramref name="What"/>, in the change's
/// own engine run (the engine plans, decides and waits; the tool renders and reads the answer). With
/// <paramref name="OnlyWhenUnsafe"/>, it asks only when the plan has an error (the engine refuses an
/// unsafe upgrade that wasn't confirmed).
/// </summary>
internal sealed record ProductionPreview(string What, bool OnlyWhenUnsafe = false)
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
    /// In production without --yes, on a terminal: the engine is to show the move's plan and ask in the
    /// same run (<see cref="EngineRequest.Ask"/>; it decides whether the move needs a 'yes').
    /// </summary>
    public static EngineRequest Prepare(ParseResult parse, EngineRequest request)
        => ChangeOptions.CanAsk && ChangeOptions.Unconfirmed(parse) is not null ? request with { Ask = true } : request;

    /// <summary>Shows a plan event and, when it asks, returns the answer typed on the terminal (Ctrl+C meanwhile: no).</summary>
    public static string? Answer(Output output, EngineEvent plan)
    {
        if (plan.Data is { } data)
        {
            PlanView.Render(output, data.Deserialize<ValidateResult>(ProtocolJson.Compact)!);
        }

        if (plan.Message is not { } question)
        {
            return null;
        }

        Console.Error.Write($"{question} Type 'yes' to go on: ");
        var typed = Console.ReadLine()?.Trim();
        return Interrupts.Requested ? null : typed;
    }
}
