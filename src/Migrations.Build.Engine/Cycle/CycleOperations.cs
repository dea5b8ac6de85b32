using Migrations.Build.Engine.Migrate;
using Migrations.Build.Engine.Sources;
using Migrations.Build.Protocol;
using Migrations.Build.Protocol.Results;

namespace Migrations.Build.Engine.Cycle;

/// <summary>
/// <c>test [target]</c>: on a scratch database, every migration from the start (base, or --from)
/// to the target goes up, down and up again, the live schema compared after each step; at head the
/// schema is also compared with the model. Exit 1 when any step fails.
/// </summary>
internal static class CycleOperations
{
    public static int Test(EngineSession session)
    {
        var request = session.Request;
        using var scratch = ScratchDatabase.Prepare(session);
        var catalog = MigrationCatalog.Load(session);
        var target = catalog.Targets.Resolve(request.Target ?? "head", catalog.Current);
        var from = request.From is { } f ? catalog.Targets.Resolve(f, catalog.Current) : null;
        if (MigrateOperations.Compare(from, target) > 0)
        {
            throw new EngineException($"--from {request.From} ({from}) is after the target {target ?? "base"}; the cycle goes up from --from to the target.");
        }

        var ids = catalog.Ids.Where(id => MigrateOperations.Compare(id, from) > 0 && MigrateOperations.Compare(id, target) <= 0).ToList();
        var database = session.DatabaseInfo;
        session.Info($"Testing {ids.Count} migration(s) up, down and up again on {(scratch.Temporary ? "a temporary database" : database.Connection)} ({database.Provider})");
        var outcome = new CycleRunner(session, new SchemaReader(session), new SourceLocator(request.ProjectDir))
            .Run(from, ids, toHead: target is not null && target == catalog.Head);

        session.Events.Result(new TestResult
        {
            Passed = outcome.Passed,
            Steps = outcome.Steps,
            From = from,
            Target = target,
            StoppedAt = outcome.StoppedAt,
            Temporary = scratch.Temporary,
            Database = database,
            Differences = outcome.Differences,
        });
        return outcome.Passed ? ExitCodes.Success : ExitCodes.Findings;
    }
}
