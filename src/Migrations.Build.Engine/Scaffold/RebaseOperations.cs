using System.Globalization;
using Migrations.Build.Engine.Checks;
using Migrations.Build.Protocol;
using Migrations.Build.Protocol.Results;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Design;
using Microsoft.Extensions.DependencyInjection;

namespace Migrations.Build.Engine.Scaffold;

/// <summary>
/// <c>rebase [migration...]</c>: moves migrations made on a parallel branch after the newest other
/// one. Each gets a new id (same name, a new timestamp); its Up and Down stay as written; its Designer
/// gets the merged model (<see cref="RebasePlan"/>: the other branch's changes plus its own), and the
/// model snapshot the app's. The last one's model is the app's, which must differ from the newest other
/// migration's by exactly what the moved ones' Up methods do (else the move would hide a change no
/// migration makes, and it refuses).
/// </summary>
internal static class RebaseOperations
{
    public static int Rebase(EngineSession session)
    {
        var request = session.Request;
        var state = ProjectState.Load(session);
        var migrations = session.Service<IMigrationsAssembly>();
        var stale = new StaleModelCheck(session); // each Designer's model built once, for the choice and the refusal
        var plan = new RebasePlan(session, stale);
        var named = request.Migrations.Concat(request.Target is { } one ? [one] : [])
            .Select(given => migrations.FindMigrationId(given)
                ?? throw new EngineException($"No migration is named {given}. dotnet migrate history lists them."))
            .ToList();
        if (named.Count == 0)
        {
            named = Chosen(stale, state);
        }

        if (named.Count == 0)
        {
            session.Info("Nothing to rebase: no new migration was made without another branch's (MIG014) or sorts before a locked or applied one (MIG012).");
            session.Events.Result(new RebaseResult { DryRun = request.DryRun });
            return ExitCodes.Success;
        }

        // The named ones first: finding their followers builds every later migration's model.
        foreach (var id in named.Distinct(StringComparer.Ordinal))
        {
            Refuse(session, state, id, migrations.Migrations[id].Name);
        }

        var moved = plan.WithFollowers(named);
        foreach (var id in moved.Except(named, StringComparer.Ordinal))
        {
            Refuse(session, state, id, migrations.Migrations[id].Name);
        }

        var after = migrations.Migrations.Keys.LastOrDefault(other => !moved.Contains(other))
            ?? throw new EngineException("Rebase moves migrations after another one: every migration was named. Nothing was changed.");
        RefuseUnexplained(session, stale, moved, after);
        var model = session.Service<IDesignTimeModel>().Model;
        plan.Merge(moved, after, model);

        var moves = NewIds(session.Service<IMigrationsIdGenerator>(), moved.Select(id => (id, migrations.Migrations[id].Name)).ToList(), after);
        var files = Write(session, state, moves, plan, request.DryRun);
        foreach (var file in files)
        {
            session.Info($"{(request.DryRun ? "Would write" : "Wrote")} {file}");
        }

        foreach (var move in moves)
        {
            session.Info($"{(request.DryRun ? "Would move" : "Moved")} {move.From} as {move.To}.");
        }

        session.Info($"{(request.DryRun ? "They would follow" : "They follow")} {after}. Build, then run dotnet migrate check.");
        session.Events.Result(new RebaseResult
        {
            From = moves[0].From, To = moves[0].To, After = after, Moved = moves, Files = files, DryRun = request.DryRun,
        });
        return ExitCodes.Success;
    }

    /// <summary>The migrations MIG014 or MIG012 names (rebase adds those made on top of them).</summary>
    private static List<string> Chosen(StaleModelCheck stale, ProjectState state)
        => state.OutOfOrder.Concat(StaleModelCheck.Candidates(state).Where(id => stale.Run(state.Sources, id).Any())).Distinct().ToList();

    /// <summary>A migration that a database has, or that the integrity file shares with others, is never rewritten.</summary>
    private static void Refuse(EngineSession session, ProjectState state, string id, string name)
    {
        if (state.LockedEntries.ContainsKey(id))
        {
            throw new EngineException($"{name} is locked in {Path.GetFileName(state.LockPath)}: other databases may have it, so it is never rewritten. "
                + "Nothing was changed.", ExitCodes.Refused);
        }

        if (state.DatabaseReachable && state.Catalog.Applied.Contains(id))
        {
            var ids = state.Catalog.Ids.ToList();
            var before = ids.IndexOf(id) is > 0 and var i ? ids[i - 1] : "0";
            throw new EngineException($"{name} is applied to the database: rebasing it would leave the database with an id no migration has. "
                + $"Revert it first (dotnet migrate downgrade {before}), then rebase. Nothing was changed.", ExitCodes.Refused);
        }
    }

    /// <summary>
    /// Each moved migration's new id, in order: EF Core's (the time now), or a second after the one
    /// before when that sorts earlier (an id dated ahead of the clock, or two moves in one second); never
    /// an id the project has, the moved one's own included.
    /// </summary>
    internal static List<RebaseMove> NewIds(IMigrationsIdGenerator ids, IReadOnlyList<(string Id, string Name)> moved, string after)
    {
        const string Stamp = "yyyyMMddHHmmss";
        DateTime? StampOf(string id) => id.Length > Stamp.Length
            && DateTime.TryParseExact(id[..Stamp.Length], Stamp, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time) ? time : null;
        var taken = moved.Select(m => m.Id).ToHashSet(StringComparer.OrdinalIgnoreCase); // every other id sorts before `after`
        var last = StampOf(after) ?? DateTime.MinValue;
        var moves = new List<RebaseMove>();
        foreach (var (id, name) in moved)
        {
            var newId = ids.GenerateId(name);
            var time = StampOf(newId) ?? DateTime.UtcNow;
            while (time <= last || taken.Contains(newId))
            {
                time = time <= last ? last.AddSeconds(1) : time.AddSeconds(1);
                newId = time.ToString(Stamp, CultureInfo.InvariantCulture) + "_" + name;
            }

            last = time;
            taken.Add(newId);
            moves.Add(new RebaseMove(id, newId));
        }

        return moves;
    }

    /// <summary>The app's model must be the newest other migration's plus exactly what the moved ones' Up methods do.</summary>
    private static void RefuseUnexplained(EngineSession session, StaleModelCheck stale, List<string> moved, string after)
    {
        var own = moved.SelectMany(id => stale.Create(id).UpOperations.SelectMany(ModelKeys.Of)).ToHashSet();
        var current = ModelKeys.Of(session.Service<IDesignTimeModel>().Model);
        var extra = ModelKeys.Difference(stale.ModelOf(after) ?? [], current).Where(k => !own.Contains(k)).ToList();
        if (extra.Count > 0)
        {
            var names = string.Join(", ", moved.Select(id => session.Service<IMigrationsAssembly>().Migrations[id].Name));
            var changes = string.Join(", ", extra.Select(k => (k.Added ? "adds " : "removes ") + k.Kind + " " + k.Name));
            throw new EngineException($"The model differs from {after}'s by more than {names} {(moved.Count == 1 ? "does" : "do")} ({changes}): "
                + "moved last, their model would hide that change. Rebase before making other model changes, or name the migrations that are "
                + "really the branch's. Nothing was changed.");
        }
    }

    /// <summary>
    /// Each migration file renamed, its Designer written with its merged model (the last one's, the
    /// app's) and the new id, and the snapshot generated from the app's model. Every file is found
    /// and every text made before the first is written.
    /// </summary>
    private static List<string> Write(EngineSession session, ProjectState state, List<RebaseMove> moves, RebasePlan plan, bool dryRun)
    {
        var migrations = session.Service<IMigrationsAssembly>();
        var generator = session.DesignServices.GetRequiredService<IMigrationsCodeGeneratorSelector>().Select(session.Request.Language);
        var model = session.Service<IDesignTimeModel>().Model;
        var contextType = session.Context.GetType();
        var snapshotType = migrations.ModelSnapshot?.GetType();
        var snapshot = (snapshotType is null ? null : state.Sources.FindType(snapshotType.Name)?.File)
            ?? throw new EngineException("The model snapshot was not found in the project's sources: rebase writes it again. Nothing was changed.");
        var writes = new List<(string From, string To, string Designer, string MovedDesigner, string Code)>();
        foreach (var (id, newId) in moves)
        {
            var type = migrations.Migrations[id];
            var file = state.Sources.FindMigration(id, type.Name)?.File;
            var extension = Path.GetExtension(file ?? ".cs");
            var folder = Path.GetDirectoryName(file) ?? string.Empty;
            var designer = Path.Combine(folder, id + ".Designer" + extension);
            if (file is null || Path.GetFileNameWithoutExtension(file) != id || !File.Exists(designer))
            {
                throw new EngineException($"{type.Name}'s files ({id}{extension} and {id}.Designer{extension} beside it) were not found "
                    + "in the project's sources: rebase moves migrations laid out as dotnet ef writes them. Nothing was changed.");
            }

            var metadata = generator.GenerateMetadata(type.Namespace ?? string.Empty, contextType, type.Name, newId, model);
            var code = id == moves[^1].From ? metadata : plan.Designer(metadata, id);
            writes.Add((file, Path.Combine(folder, newId + extension), designer, Path.Combine(folder, newId + ".Designer" + extension), code));
        }

        var snapshotCode = generator.GenerateSnapshot(snapshotType!.Namespace ?? string.Empty, contextType, snapshotType.Name, model);
        if (!dryRun)
        {
            // New files first, then the snapshot; the old ones go last, so a failure leaves the project as it was.
            var utf8 = new System.Text.UTF8Encoding(false);
            var change = new ProjectFileChange("Rebase");
            writes.ForEach(w => change.Write(w.To, File.ReadAllBytes(w.From)).Write(w.MovedDesigner, utf8.GetBytes(w.Code)));
            change.Write(snapshot, utf8.GetBytes(snapshotCode));
            writes.ForEach(w => change.Delete(w.From).Delete(w.Designer));
            change.Apply();
        }

        return [.. writes.SelectMany(w => new[] { w.To, w.MovedDesigner }), snapshot];
    }
}
