using Migrations.Build.Engine.Migrate;
using Migrations.Build.Engine.Validate;
using Migrations.Build.Protocol;
using Migrations.Build.Protocol.Results;

namespace Migrations.Build.Engine.Rollback;

/// <summary>
/// <c>rollback &lt;target&gt; [--force]</c>: validate the downgrade; refuse when it puts rows at risk
/// (unless --force); back up exactly the data at risk and check the backup reads back; then
/// downgrade. All under the migrations lock, so nothing else moves the database in between.
/// </summary>
internal static class RollbackOperations
{
    public static int Rollback(EngineSession session)
    {
        var targetText = session.Request.Target ?? throw new EngineException("rollback needs a target, e.g. 'rollback -1' or 'rollback AddLoans'.");

        // Here rather than in each front door, so the tool and MSBuild both know every production name.
        var ask = session.IsProduction && !session.Request.Yes;
        if (ask && !session.Request.Ask)
        {
            throw new EngineException(
                $"This would roll back the {session.EnvironmentName} database to {targetText}; nothing was done. "
                    + "Confirm with --yes (MSBuild: -p:MigrationsYes=true).",
                ExitCodes.Refused);
        }

        using var held = MigrateOperations.LockForTarget(session, targetText);
        var plan = ValidateOperations.Plan(session, targetText);
        session.AnnounceDatabase();
        if (!plan.Reverting && plan.Steps.Count > 0)
        {
            throw new EngineException($"'{targetText}' is ahead of the database's current migration {plan.Catalog.Current ?? "base"}: rollback only goes back. "
                + $"Use 'dotnet migrate upgrade {targetText}'.");
        }

        if (ask && plan.Steps.Count > 0)
        {
            MoveConfirmation.Ask(session, plan, $"roll the database back to {targetText}", onlyWhenUnsafe: false);
        }

        ValidateOperations.Report(session, plan, accepted: session.Request.Force);
        if (plan.Steps.Count == 0)
        {
            session.Info($"The database is already at {plan.Catalog.Current ?? "base"}; nothing to roll back.");
            session.Events.Result(new RollbackResult { From = plan.Catalog.Current, To = plan.Catalog.Current, Risk = plan.Risk });
            return ExitCodes.Success;
        }

        var atRisk = plan.Findings.Where(f => f.RowsAtRisk > 0).Sum(f => f.RowsAtRisk ?? 0);
        if (plan.Risk == "high" && !session.Request.Force)
        {
            throw new EngineException(
                $"Rolling back to {plan.Target ?? "base"} puts data at risk ({atRisk} row(s) counted; see the findings above), so nothing was done. "
                + "Run it with --force to roll back anyway: the data at risk is backed up first, "
                + "and 'dotnet migrate restore <backup>' puts it back after a re-upgrade.",
                ExitCodes.Findings);
        }

        var reason = $"rollback {plan.Catalog.Current} -> {plan.Target ?? "base"}";
        var (file, tables) = new AtRiskBackup(session).Write(plan, reason);
        try
        {
            MigrateOperations.Move(session, plan.Catalog, plan.Steps, plan.Target, "Reverting");
        }
        catch (EngineException e) when (e.ExitCode == ExitCodes.Interrupted)
        {
            throw new EngineException($"{e.Message} The backup of the data at risk is complete: {file}", e.ExitCode, e);
        }
        session.Events.Result(new RollbackResult
        {
            From = plan.Catalog.Current,
            To = plan.Target,
            BackupFile = file,
            Risk = plan.Risk,
            Reverted = plan.Steps,
            BackedUp = tables,
            Findings = plan.Findings,
        });
        return ExitCodes.Success;
    }
}
