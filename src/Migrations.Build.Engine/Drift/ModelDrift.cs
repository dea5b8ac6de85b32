using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace Migrations.Build.Engine.Drift;

/// <summary>
/// The differences between the model the migrations end at (the model snapshot) and the model the
/// code defines now: exactly what EF Core's <c>HasPendingModelChanges</c> compares, kept as operations
/// so they can be told to the user.
/// </summary>
internal sealed record ModelDrift(IReadOnlyList<MigrationOperation> Operations, IModel? SnapshotModel, IRelationalModel Current)
{
    public IRelationalModel? Snapshot => SnapshotModel?.GetRelationalModel();

    public bool HasChanges => Operations.Count > 0;

    public OperationDescriber Describer => new(Snapshot, Current);

    public IReadOnlyList<string> Describe() => Operations.Select(Describer.Describe).ToList();

    public static ModelDrift Compute(EngineSession session)
    {
        if (session.WithoutModel)
        {
            throw new InvalidOperationException("The context was opened without the app's model; drift needs it.");
        }

        var current = session.Timed("app model", () => session.Service<IDesignTimeModel>().Model.GetRelationalModel());
        var snapshot = session.Timed("snapshot model (wait)", () => session.SnapshotModel.GetAwaiter().GetResult());
        var operations = session.Timed("diff", () => session.Service<IMigrationsModelDiffer>().GetDifferences(snapshot?.GetRelationalModel(), current));
        return new ModelDrift(operations, snapshot, current);
    }

    /// <summary>
    /// The snapshot's model made ready for diffing, as EF Core's migrator does it, and its relational
    /// model. The snapshot caches its model, which can be finalized only once:
    /// <see cref="EngineSession.SnapshotModel"/> calls this once per run. Touches no DbContext, so it
    /// can run beside the one thread that uses it.
    /// </summary>
    internal static IModel? FinalizedSnapshot(ModelSnapshot? snapshot, IModelRuntimeInitializer initializer)
        => snapshot?.Model is { } model ? Finalize(model, initializer) : null;

    /// <summary>A snapshot's or a Designer's model made ready for diffing (once per model: it caches what this makes).</summary>
    internal static IModel Finalize(IModel model, IModelRuntimeInitializer initializer)
    {
        if (model is IMutableModel mutable)
        {
            model = mutable.FinalizeModel();
        }

        model = initializer.Initialize(model);
        _ = model.GetRelationalModel();
        return model;
    }
}
