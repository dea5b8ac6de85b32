using Migrations.Build.Protocol;

namespace Migrations.Build.Engine.Validate;

/// <summary>
/// Production's question before a move (upgrade, downgrade, rollback), asked in the move's own run.
/// With a caller that can ask a person (<see cref="EngineRequest.Ask"/>: the tool on a terminal) the
/// plan goes to it as a plan event, under the migrations lock already held, so what the person reads
/// is what runs; when the move needs a 'yes', the engine waits for the answer on stdin. The callers
/// decide when to ask (production, not confirmed with --yes); without a caller that asks they refuse.
/// </summary>
internal static class MoveConfirmation
{
    /// <summary>Plans the move to <paramref name="targetText"/> and asks about it (<see cref="Migrate.MigrateOperations.AskBeforeMove"/>).</summary>
    public static void AskAbout(EngineSession session, string targetText, string what, bool onlyWhenUnsafe)
        => Ask(session, ValidateOperations.Plan(session, targetText), what, onlyWhenUnsafe);

    /// <param name="what">What the move would do, as the question says it: "revert migrations down to AddLoans".</param>
    /// <param name="onlyWhenUnsafe">Ask only when the plan has an error finding (an upgrade); else always.</param>
    /// <exception cref="EngineException">Not confirmed (exit 4): nothing was done.</exception>
    public static void Ask(EngineSession session, MovePlan plan, string what, bool onlyWhenUnsafe)
    {
        var needed = !onlyWhenUnsafe || plan.Findings.Any(f => f.Severity == LogLevels.Error);
        session.Events.Plan(ValidateOperations.ResultOf(plan), needed ? $"This will {what} in the {session.EnvironmentName} environment." : null);
        if (!needed)
        {
            return;
        }

        // The tool writes one line; a closed stdin (the tool gone) or any other answer is a no.
        var answer = Console.In.ReadLine();
        session.Interruption.StopIfRequested(() => "nothing was done.");
        if (!string.Equals(answer?.Trim(), EngineEvent.ConfirmAnswer, StringComparison.OrdinalIgnoreCase))
        {
            throw new EngineException("Not confirmed; nothing was done.", ExitCodes.Refused);
        }
    }
}
