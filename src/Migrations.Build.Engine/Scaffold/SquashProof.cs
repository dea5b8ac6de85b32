using Migrations.Build.Engine.Cycle;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.EntityFrameworkCore.Storage;

namespace Migrations.Build.Engine.Scaffold;

/// <summary>
/// Proves a squash before anything is written, on a scratch database (as <c>test</c> makes one): the
/// squashed migration's Up builds a schema, its Down leaves no table, and the migrations it replaces,
/// run there one by one, build the same schema (compared as <c>test</c> compares). Each problem is one line.
/// </summary>
internal static class SquashProof
{
    public static IReadOnlyList<string> Run(EngineSession session, SquashPlan plan)
    {
        using var scratch = ScratchDatabase.Prepare(session, "squash proves its migration on a scratch database: it builds the schema both ways");
        session.Info($"Proving the squash on {scratch.Describe(session)}: {plan.Range.Count} migration(s) against the squashed one");

        // EF Core's migrator would run the app's seeding after each Migrate; the schema is what is compared.
        AppSeeding.Detach(session);
        var reader = new SchemaReader(session);
        if (Execute(session, plan.Up, plan.Model) is { } upFailed)
        {
            return [$"The squashed migration's Up fails on an empty database: {upFailed}"
                + (plan.Kept.Any(s => s.Kind == SqlStepKind.Data) ? $" It keeps these raw SQL data steps, written for the schema of their time: "
                    + $"{string.Join("; ", plan.Kept.Where(s => s.Kind == SqlStepKind.Data).Select(s => s.Describe()))}. "
                    + "Leave them out with --drop-data-steps (a new database has no rows for them to move)." : string.Empty)];
        }

        var squashed = reader.Read();
        if (Execute(session, plan.Down, plan.Model) is { } downFailed)
        {
            return [$"The squashed migration's Down fails: {downFailed}"];
        }

        if (reader.ReadTables() is { Count: > 0 } left)
        {
            return [$"The squashed migration's Down leaves table(s) {string.Join(", ", left.Select(t => t.Name))}."];
        }

        try
        {
            session.Service<IMigrator>().Migrate(plan.Target);
        }
        catch (Exception e) when (e is not EngineException)
        {
            return [$"The migrations up to {plan.Name} fail on an empty database, so there is nothing to compare the squash with: "
                + EngineHost.Classify(e).Message];
        }

        return reader.Read().Compare(squashed)
            .Select(d => CycleRunner.Describe(d, $"in the squashed migration (the migrations up to {plan.Name} make it otherwise)", "is extra"))
            .ToList();
    }

    /// <summary>Runs operations as a migration would (EF Core's SQL and its executor); the error's message, or null.</summary>
    private static string? Execute(EngineSession session, IReadOnlyList<MigrationOperation> operations, Microsoft.EntityFrameworkCore.Metadata.IModel model)
    {
        try
        {
            var commands = session.Service<IMigrationsSqlGenerator>().Generate(operations, model);
            session.Service<IMigrationCommandExecutor>().ExecuteNonQuery(commands, session.Service<IRelationalConnection>());
            return null;
        }
        catch (Exception e) when (e is not EngineException)
        {
            return EngineHost.Classify(e).Message;
        }
    }
}
