using Migrations.Build.Engine.Loading;
using Migrations.Build.Engine.Migrate;
using Migrations.Build.Engine.Sources;
using Migrations.Build.Protocol;
using Migrations.Build.Protocol.Results;
using Microsoft.EntityFrameworkCore;

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
        var scratch = ScratchDatabase.Prepare(session);
        try
        {
            return Test(session, scratch);
        }
        finally
        {
            // Before the result is rendered too, when the cycle ends normally: the closing line says the database was dropped.
            scratch.Dispose();
        }
    }

    private static int Test(EngineSession session, ScratchDatabase scratch)
    {
        var request = session.Request;
        var catalog = MigrationCatalog.Load(session);
        var target = catalog.Targets.Resolve(request.Target ?? "head", catalog.Current);
        var from = request.From is { } f ? catalog.Targets.Resolve(f, catalog.Current) : null;
        if (MigrateOperations.Compare(from, target) > 0)
        {
            throw new EngineException($"--from {request.From} ({from}) is after the target {target ?? "base"}; the cycle goes up from --from to the target.");
        }

        var ids = catalog.Ids.Where(id => MigrateOperations.Compare(id, from) > 0 && MigrateOperations.Compare(id, target) <= 0).ToList();
        var database = session.DatabaseInfo;
        session.Info($"Testing {ids.Count} migration(s) up, down and up again on {scratch.Describe(session)} ({database.Provider})");

        // Taken off before any step: EF Core would run the app's seeding after each one.
        var appSeeding = AppSeeding.Detach(session);
        var reader = new SchemaReader(session);
        var sources = session.NewSources();
        var seed = request.Seed is null ? null : Seed(session, catalog, reader, sources, from, ids, appSeeding);
        var outcome = new CycleRunner(session, reader, sources, seed)
            .Run(from, ids, toHead: target is not null && target == catalog.Head);

        scratch.Dispose();
        session.Events.Result(new TestResult
        {
            Passed = outcome.Passed,
            Steps = outcome.Steps,
            From = from,
            Target = target,
            StoppedAt = outcome.StoppedAt,
            Seed = request.Seed is null or EngineRequest.AppSeed ? request.Seed : Path.GetFileName(request.Seed),
            SeedAt = seed?.At,
            Temporary = scratch.Temporary,
            Database = database,
            Differences = outcome.Differences,
        });
        return outcome.Passed ? ExitCodes.Success : ExitCodes.Findings;
    }

    /// <summary>The --seed check: its source checked and --seed-at resolved inside the cycle (default its start).</summary>
    private static SeedCheck Seed(EngineSession session, MigrationCatalog catalog, SchemaReader reader, SourceLocator sources, string? from,
        IReadOnlyList<string> ids, Action<DbContext>? appSeeding)
    {
        var request = session.Request;
        var app = request.Seed == EngineRequest.AppSeed;
        if (app && appSeeding is null)
        {
            throw new EngineException(
                $"--seed app runs the context's seeding, but {session.Context.GetType().Name} configures none (UseSeeding / UseAsyncSeeding"
                + (EFCore.Major < 9 ? $", which EF Core {EFCore.Major} doesn't have" : string.Empty) + "). Give a SQL file: --seed seed.sql.");
        }

        if (!app && !File.Exists(request.Seed))
        {
            throw new EngineException($"The seed file {request.Seed} doesn't exist. "
                + "Give a SQL file that fits the schema at --seed-at, or --seed app for the context's seeding.");
        }

        var at = request.SeedAt is { } s ? catalog.Targets.Resolve(s, catalog.Current) : from ?? ids.FirstOrDefault();
        if (at is null || (at != from && !ids.Contains(at)))
        {
            throw new EngineException(
                $"--seed-at {request.SeedAt ?? "(default)"} is outside the cycle, "
                + $"which goes from {from ?? "base"} to {(ids.Count > 0 ? ids[^1] : from ?? "base")}: "
                + "seed at --from or at one of the migrations it tests.");
        }

        return new SeedCheck(session, reader, sources, request.Seed!, at, app ? appSeeding : null);
    }
}
