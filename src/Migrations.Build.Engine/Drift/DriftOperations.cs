using Migrations.Build.Engine.Migrate;
using Migrations.Build.Protocol;
using Migrations.Build.Protocol.Results;

namespace Migrations.Build.Engine.Drift;

/// <summary>
/// <c>check</c>: the model against the migrations (MIG001), and the migrations against the database
/// when one is reachable (MIG002). A database that doesn't exist or can't be reached is not an error
/// here: the check says so and goes on with what it can check.
/// </summary>
internal static class DriftOperations
{
    public const string DriftCode = "MIG001";
    public const string PendingCode = "MIG002";

    public static int Check(EngineSession session)
    {
        var drift = ModelDrift.Compute(session);
        var changes = drift.Describe();
        foreach (var change in changes)
        {
            session.Events.Diagnostic(DriftCode, LogLevels.Error,
                $"The model has a change that no migration covers: {change}. "
                + "Add a migration: dotnet migrate revision -m \"<what changed>\".");
        }

        var (reachable, pending) = Pending(session);
        foreach (var id in pending)
        {
            session.Events.Diagnostic(PendingCode, LogLevels.Error,
                $"Migration {id} is not applied to the database. Apply it: dotnet migrate upgrade.");
        }

        session.Events.Result(new CheckResult
        {
            Drift = drift.HasChanges,
            DriftChanges = changes,
            Pending = pending,
            DatabaseReachable = reachable,
        });
        return drift.HasChanges || pending.Count > 0 ? ExitCodes.Findings : ExitCodes.Success;
    }

    private static (bool Reachable, IReadOnlyList<string> Pending) Pending(EngineSession session)
    {
        try
        {
            var catalog = MigrationCatalog.Load(session);
            if (!catalog.DatabaseExists)
            {
                session.Info("No database yet: pending migrations not checked.");
                return (false, []);
            }

            return (true, catalog.Pending);
        }
        catch (Exception e) when (EngineHost.Classify(e).ExitCode == ExitCodes.Database)
        {
            session.Warn($"The database could not be reached, so pending migrations were not checked: {e.Message}");
            return (false, []);
        }
    }
}
