using Migrations.Build.Engine.Migrate;
using Migrations.Build.Engine.Sources;
using Migrations.Build.Protocol;
using Migrations.Build.Protocol.Results;
using Microsoft.EntityFrameworkCore.Migrations;

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
        var sources = new SourceLocator(session.Request.ProjectDir);
        var snapshotClass = session.Service<IMigrationsAssembly>().ModelSnapshot?.GetType().Name ?? string.Empty;
        var locator = new DriftLocator(sources, drift, snapshotClass, session.Context.GetType().Name);
        for (var i = 0; i < changes.Count; i++)
        {
            var at = locator.Locate(drift.Operations[i]);
            session.Events.Diagnostic(DriftCode, LogLevels.Error,
                $"The model has a change that no migration covers: {changes[i]}. "
                + "Add a migration: dotnet migrate revision -m \"<what changed>\" (or dotnet build -t:MigrationsGenerate -p:MigrationName=<Name>).",
                at?.File, at?.Line, at?.Column);
        }

        var (reachable, pending) = Pending(session);
        var idGenerator = session.Service<IMigrationsIdGenerator>();

        // In the build, a pending migration is normal work in progress: a warning, not a failed build.
        var pendingLevel = session.Request.BuildGate ? LogLevels.Warning : LogLevels.Error;
        foreach (var id in pending)
        {
            var at = sources.FindMigration(id, idGenerator.GetName(id));
            session.Events.Diagnostic(PendingCode, pendingLevel,
                $"Migration {id} is not applied to the database. Apply it: dotnet migrate upgrade (or dotnet build -t:MigrateUp).",
                at?.File, at?.Line, at?.Column);
        }

        session.Events.Result(new CheckResult
        {
            Drift = drift.HasChanges,
            DriftChanges = changes,
            Pending = pending,
            DatabaseReachable = reachable,
        });
        var failed = drift.HasChanges || (pending.Count > 0 && pendingLevel == LogLevels.Error);
        return failed ? ExitCodes.Findings : ExitCodes.Success;
    }

    /// <summary>
    /// What the database lacks, read within the request's time bound: a server that doesn't answer
    /// in time counts as not reachable, so a build never hangs on a database that is down.
    /// </summary>
    private static (bool Reachable, IReadOnlyList<string> Pending) Pending(EngineSession session)
    {
        try
        {
            var load = Task.Run(() => MigrationCatalog.Load(session));
            if (!load.Wait(TimeSpan.FromSeconds(session.Request.DatabaseTimeout)))
            {
                session.Warn($"The database did not answer within {session.Request.DatabaseTimeout} s, so pending migrations were not checked.");
                return (false, []);
            }

            var catalog = load.Result;
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
