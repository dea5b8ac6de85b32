using System.Reflection;
using Migrations.Build.Engine.Sources;
using Migrations.Build.Protocol;
using Migrations.Build.Protocol.Results;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Migrations.Build.Engine.Checks;

/// <summary>
/// MIG014: a migration made on a parallel branch, on a model without the other branch's migration.
/// Its Designer's model should be the previous migration's plus what its own Up does; when the
/// difference between the two models also undoes what an earlier migration did (lacks the column
/// it added, brings back the table it dropped) and its Up doesn't, it was generated without that
/// migration: a downgrade, the SQL EF Core generates from that model, and the next migration
/// generated after it are built on a model that lacks the other branch's changes. Each Designer's
/// model is built once per run and compared by name (<see cref="ModelKeys"/>).
/// </summary>
internal sealed class StaleModelCheck(EngineSession session)
{
    /// <summary>How many of the newest migrations not yet locked are compared: a merge's migrations are the last ones.</summary>
    public const int Newest = 10;

    private readonly IMigrationsAssembly _migrations = session.Service<IMigrationsAssembly>();
    private readonly string _provider = session.Context.Database.ProviderName ?? string.Empty;
    private readonly Dictionary<string, HashSet<ModelKey>?> _models = new(StringComparer.Ordinal);

    /// <summary>
    /// MIG014 on the newest migrations not yet locked, applied or not (a stale Designer is the code's
    /// problem, whichever databases have it); kept in the check cache. With no drift and the newest
    /// Designer's model the snapshot's (as <c>migrations add</c> writes them), nothing was merged
    /// without regenerating: one Designer is built, not ten. A Designer that can't be built is left to
    /// the checks that run it.
    /// </summary>
    /// <param name="drifted">Whether the app's model differs from the snapshot; null when not computed (lint).</param>
    public static List<Finding> Findings(EngineSession session, ProjectState state, CheckCache cache, bool? drifted)
    {
        var ids = Candidates(state);
        if (ids.Count == 0)
        {
            return [];
        }

        var key = $"{DiagnosticCodes.StaleModel} {ids.Count} {ids[^1]}";

        if (cache.Rules.TryGetValue(key, out var found))
        {
            return found;
        }

        var check = new StaleModelCheck(session);
        try
        {
            found = session.Timed("stale models", () => check.Unchanged(session, state.Catalog.Ids[^1], drifted) ? []
                : ids.SelectMany(id => check.Run(state.Sources, id)).ToList());
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            session.Events.Log(LogLevels.Verbose, $"Comparing the migrations' models failed: {e.Message}");
            found = [];
        }

        cache.Rules[key] = found;
        return found;
    }

    /// <summary>The migrations compared: the <see cref="Newest"/> not yet locked, applied or not.</summary>
    public static List<string> Candidates(ProjectState state)
        => state.Catalog.Ids.Where(id => !state.LockedEntries.ContainsKey(id)).TakeLast(Newest).ToList();

    /// <summary>No drift, and the newest Designer's model is the snapshot's.</summary>
    private bool Unchanged(EngineSession session, string newest, bool? drifted)
        => drifted == false && session.SnapshotModel.GetAwaiter().GetResult() is { } snapshot && ModelOf(newest) is { } last
            && last.SetEquals(ModelKeys.Of(snapshot));

    public IEnumerable<Finding> Run(SourceLocator sources, string id)
    {
        var ids = _migrations.Migrations.Keys.ToList();
        var index = ids.IndexOf(id);
        if (index < 1 || ModelOf(id) is not { } model || ModelOf(ids[index - 1]) is not { } before)
        {
            yield break;
        }

        var own = Create(id).UpOperations.SelectMany(ModelKeys.Of).ToHashSet();
        var undone = ModelKeys.Difference(before, model).Where(k => !own.Contains(k)).ToList();

        // The newest earlier migration whose Up did what this one's model undoes.
        for (var i = index - 1; i >= 0 && undone.Count > 0; i--)
        {
            var earlier = Create(ids[i]).UpOperations.SelectMany(ModelKeys.Of).ToHashSet();
            var missing = undone.Where(k => earlier.Contains(k with { Added = !k.Added })).ToList();
            if (missing.Count == 0)
            {
                continue;
            }

            var name = _migrations.Migrations[id].Name;
            var other = _migrations.Migrations[ids[i]].Name;
            var at = sources.FindMigration(id, name);
            yield return new Finding
            {
                Rule = DiagnosticCodes.StaleModel, Severity = LogLevels.Error, Migration = id, File = at?.File, Line = at?.Line, SourceColumn = at?.Column,
                Message = $"{name} was created without {other} (parallel branches): its model {string.Join(", ", missing)}, "
                    + $"which {other} changed. Run dotnet migrate rebase {name}: it moves {name}, and the migrations made on it, after the newest "
                    + "one, with Designers made from the merged model (docs/rules/MIG014.md).",
            };
            yield break;
        }
    }

    /// <summary>
    /// What the migration's Designer model maps to; null without a Designer (a migration written by
    /// hand as one class has an empty model, which says nothing of the branch it was made on).
    /// </summary>
    public HashSet<ModelKey>? ModelOf(string id)
    {
        if (!_models.TryGetValue(id, out var keys))
        {
            var designed = _migrations.Migrations[id]
                .GetMethod("BuildTargetModel", BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.DeclaredOnly) is not null;
            _models[id] = keys = designed && Create(id).TargetModel is { } model ? ModelKeys.Of(model) : null;
        }

        return keys;
    }

    public Migration Create(string id) => _migrations.CreateMigration(_migrations.Migrations[id], _provider);
}
