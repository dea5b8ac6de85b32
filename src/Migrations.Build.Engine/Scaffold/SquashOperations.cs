using Migrations.Build.Engine.Checks;
using Migrations.Build.Engine.Integrity;
using Migrations.Build.Protocol;
using Migrations.Build.Protocol.Results;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Design;
using Microsoft.Extensions.DependencyInjection;

namespace Migrations.Build.Engine.Scaffold;

/// <summary>
/// <c>squash &lt;migration&gt;</c>: replaces every migration up to and including it with one that
/// creates the schema as it stands there (<see cref="SquashPlan"/>), under the id of the last, so a
/// database past it needs nothing. Proved on a scratch database first (<see cref="SquashProof"/>);
/// nothing is written when the proof fails. The migration's Designer (its target model) is kept.
/// </summary>
internal static class SquashOperations
{
    public static int Squash(EngineSession session)
    {
        var request = session.Request;
        var state = ProjectState.Load(session, withDatabase: false);
        var catalog = state.Catalog;
        var given = request.Target ?? throw new EngineException("squash needs the migration to squash up to: dotnet migrate squash <migration>.");
        var target = catalog.Targets.Resolve(given, null)
            ?? throw new EngineException("squash needs a migration to squash up to, not base. Nothing was changed.");
        var plan = SquashPlan.Make(session, catalog, target, request.DropDataSteps);
        var files = Files(session, state, plan);

        foreach (var step in plan.Kept)
        {
            session.Info($"Keeps raw SQL {(step.Kind == SqlStepKind.Data ? "data" : "schema")} step {step.Describe()}");
        }

        foreach (var step in plan.Dropped)
        {
            session.Warn($"Leaves out raw SQL data step {step.Describe()} (--drop-data-steps)");
        }

        foreach (var step in plan.Replaced)
        {
            session.Info($"Replaces raw SQL step {step.Describe()} by the model at {plan.Name}");
        }

        var problems = SquashProof.Run(session, plan);
        if (problems.Count > 0)
        {
            foreach (var problem in problems)
            {
                session.Events.Log(LogLevels.Error, problem);
            }

            session.Events.Failure(ExitCodes.Findings, "Not squashed: the squashed migration would not build the schema that the "
                + $"{plan.Range.Count} migrations up to {plan.Name} build ({problems.Count} problem(s) above). Nothing was changed.");
            return ExitCodes.Findings;
        }

        var relock = Relock(state, plan);
        if (!request.DryRun)
        {
            var change = new ProjectFileChange("Squash").Write(files.Written, new System.Text.UTF8Encoding(false).GetBytes(Code(session, plan)));
            if (relock is not null)
            {
                change.Write(state.LockPath, relock.Bytes());
            }

            foreach (var file in files.Deleted)
            {
                change.Delete(file);
            }

            change.Apply();
        }

        session.Info($"{(request.DryRun ? "Would squash" : "Squashed")} {plan.Range.Count} migration(s) into {target}, proved on a scratch database. "
            + (request.DryRun ? "Nothing was changed." : "Build, then run dotnet migrate check. "
                + "A database inside the squashed range upgrades past it with the build from before the squash."));
        session.Events.Result(new SquashResult
        {
            Into = target,
            Squashed = plan.Range,
            KeptSteps = plan.Kept.Select(s => s.Describe()).ToList(),
            DroppedSteps = plan.Dropped.Select(s => s.Describe()).ToList(),
            ReplacedSteps = plan.Replaced.Select(s => s.Describe()).ToList(),
            Written = [files.Written],
            Deleted = files.Deleted,
            Relocked = relock is not null,
            DryRun = request.DryRun,
        });
        return ExitCodes.Success;
    }

    /// <summary>The target's migration file (rewritten; its Designer stays) and every other squashed migration's files (deleted).</summary>
    private static (string Written, IReadOnlyList<string> Deleted) Files(EngineSession session, ProjectState state, SquashPlan plan)
    {
        var deleted = new List<string>();
        string? written = null;
        foreach (var id in plan.Range)
        {
            var name = state.Catalog.NameOf(id);
            var file = state.Sources.FindMigration(id, name)?.File
                ?? throw new EngineException($"{name}'s source file was not found in the project: squash rewrites migrations it can find. "
                    + "Nothing was changed.");
            var designer = Path.Combine(Path.GetDirectoryName(file)!, Path.GetFileNameWithoutExtension(file) + ".Designer" + Path.GetExtension(file));
            if (id != plan.Target)
            {
                deleted.Add(file);
                if (File.Exists(designer))
                {
                    deleted.Add(designer);
                }
            }
            else if (File.Exists(designer))
            {
                written = file;
            }
        }

        return (written ?? throw new EngineException($"{plan.Name} has no Designer file beside it (its target model): squash keeps it, creates the "
            + "schema from it and rewrites the migration beside it. Squash up to a migration that dotnet ef or dotnet migrate revision wrote. "
            + "Nothing was changed."), deleted);
    }

    private static string Code(EngineSession session, SquashPlan plan)
    {
        var migrations = session.Service<IMigrationsAssembly>();
        var generator = session.DesignServices.GetRequiredService<IMigrationsCodeGeneratorSelector>().Select(session.Request.Language);
        return generator.GenerateMigration(migrations.Migrations[plan.Target].Namespace ?? string.Empty, plan.Name, plan.Up, plan.Down);
    }

    /// <summary>
    /// When the integrity file locks any squashed migration, their entries become one, for the squashed
    /// migration, hashed from what it now does. Other entries stay. Null when none is locked.
    /// </summary>
    private static IntegrityFile? Relock(ProjectState state, SquashPlan plan)
    {
        var locked = plan.Range.Where(state.LockedEntries.ContainsKey).ToList();
        if (locked.Count == 0)
        {
            return null;
        }

        var squashed = plan.Range.ToHashSet(StringComparer.Ordinal);
        var baseline = locked.Any(id => state.LockedEntries[id].Baseline == true) ? true : (bool?)null;
        var entries = state.Catalog.Ids
            .Select(id => id == plan.Target ? new LockedMigration(id, OperationFingerprint.Compute(plan.Up, plan.Down), baseline)
                : squashed.Contains(id) ? null : state.LockedEntries.GetValueOrDefault(id))
            .OfType<LockedMigration>();
        return IntegrityFile.With(state.Lock, state.ContextName, entries);
    }
}
