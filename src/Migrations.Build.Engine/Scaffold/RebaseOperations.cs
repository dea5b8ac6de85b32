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
/// <c>rebase [migration]</c>: moves a migration made on a parallel branch after the newest one. It
/// gets a new id (same name, a new timestamp); its Up and Down stay as written; its Designer and the
/// model snapshot are generated again from the merged model. One migration, which becomes the newest:
/// its model is then the app's, which must differ from the newest other migration's by exactly what
/// its Up does (else the move would hide a change no migration makes, and it refuses).
/// </summary>
internal static class RebaseOperations
{
    public static int Rebase(EngineSession session)
    {
        var request = session.Request;
        var state = ProjectState.Load(session);
        var migrations = session.Service<IMigrationsAssembly>();
        var stale = new StaleModelCheck(session); // each Designer's model built once, for the choice and the refusal
        var id = request.Target is { } given
            ? migrations.FindMigrationId(given) ?? throw new EngineException($"No migration is named {given}. dotnet migrate history lists them.")
            : Chosen(stale, state);
        if (id is null)
        {
            session.Info("Nothing to rebase: no new migration was made without another branch's (MIG014) or sorts before a locked or applied one (MIG012).");
            session.Events.Result(new RebaseResult { DryRun = request.DryRun });
            return ExitCodes.Success;
        }

        var name = migrations.Migrations[id].Name;
        Refuse(session, state, id, name);
        var after = migrations.Migrations.Keys.Last(other => other != id);
        RefuseUnexplained(session, stale, id, name, after);

        var newId = session.Service<IMigrationsIdGenerator>().GenerateId(name);
        var files = Write(session, state, id, newId, name, request.DryRun);
        foreach (var file in files)
        {
            session.Info($"{(request.DryRun ? "Would write" : "Wrote")} {file}");
        }

        session.Info($"{(request.DryRun ? "Would move" : "Moved")} {id} after {after} as {newId}. Build, then run dotnet migrate check.");
        session.Events.Result(new RebaseResult { From = id, To = newId, After = after, Files = files, DryRun = request.DryRun });
        return ExitCodes.Success;
    }

    /// <summary>The one migration MIG014 or MIG012 names; several is for the user to choose.</summary>
    private static string? Chosen(StaleModelCheck stale, ProjectState state)
    {
        var named = state.OutOfOrder.Concat(StaleModelCheck.Candidates(state).Where(id => stale.Run(state.Sources, id).Any())).Distinct().ToList();
        return named.Count switch
        {
            0 => null,
            1 => named[0],
            _ => throw new EngineException($"Several migrations were made on parallel branches ({string.Join(", ", named)}): rebase moves one, which becomes "
                + "the newest. Name it: dotnet migrate rebase <migration>. Nothing was changed."),
        };
    }

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

    /// <summary>The app's model must be the newest other migration's plus exactly what this one's Up does.</summary>
    private static void RefuseUnexplained(EngineSession session, StaleModelCheck stale, string id, string name, string after)
    {
        var own = stale.Create(id).UpOperations.SelectMany(ModelKeys.Of).ToHashSet();
        var current = ModelKeys.Of(session.Service<IDesignTimeModel>().Model);
        var extra = ModelKeys.Difference(stale.ModelOf(after) ?? [], current).Where(k => !own.Contains(k)).ToList();
        if (extra.Count > 0)
        {
            var changes = string.Join(", ", extra.Select(k => (k.Added ? "adds " : "removes ") + k.Kind + " " + k.Name));
            throw new EngineException($"The model differs from {after}'s by more than {name} does ({changes}): moved last, {name}'s model would hide that "
                + "change. Rebase before making other model changes, or name the migration that is really the branch's. Nothing was changed.");
        }
    }

    /// <summary>The migration file renamed, its Designer and the snapshot generated from the app's model.</summary>
    private static List<string> Write(EngineSession session, ProjectState state, string id, string newId, string name, bool dryRun)
    {
        var migrations = session.Service<IMigrationsAssembly>();
        var file = state.Sources.FindMigration(id, name)?.File;
        var extension = Path.GetExtension(file ?? ".cs");
        var designer = file is null ? null : Path.Combine(Path.GetDirectoryName(file)!, id + ".Designer" + extension);
        var snapshotType = migrations.ModelSnapshot?.GetType();
        var snapshot = snapshotType is null ? null : state.Sources.FindType(snapshotType.Name)?.File;
        if (file is null || Path.GetFileNameWithoutExtension(file) != id || !File.Exists(designer) || snapshot is null)
        {
            throw new EngineException($"{name}'s files ({id}{extension} and {id}.Designer{extension} beside it) or the model snapshot were not found "
                + "in the project's sources: rebase moves migrations laid out as dotnet ef writes them. Nothing was changed.");
        }

        var generator = session.DesignServices.GetRequiredService<IMigrationsCodeGeneratorSelector>().Select(session.Request.Language);
        var model = session.Service<IDesignTimeModel>().Model;
        var contextType = session.Context.GetType();
        var metadata = generator.GenerateMetadata(migrations.Migrations[id].Namespace ?? string.Empty, contextType, name, newId, model);
        var snapshotCode = generator.GenerateSnapshot(snapshotType!.Namespace ?? string.Empty, contextType, snapshotType.Name, model);
        var moved = Path.Combine(Path.GetDirectoryName(file)!, newId + extension);
        var movedDesigner = Path.Combine(Path.GetDirectoryName(file)!, newId + ".Designer" + extension);
        if (!dryRun)
        {
            File.Move(file, moved);
            File.WriteAllText(movedDesigner, metadata);
            File.Delete(designer);
            File.WriteAllText(snapshot, snapshotCode);
        }

        return [moved, movedDesigner, snapshot];
    }
}
