using System.Reflection;
using Migrations.Build.Engine.Concurrency;
using Migrations.Build.Engine.Migrate.SqlCache;
using Migrations.Build.Protocol;
using Migrations.Build.Protocol.Results;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage;

namespace Migrations.Build.Engine.Migrate;

/// <summary>The verbs that move the database between migrations: upgrade, downgrade, stamp.</summary>
internal static class MigrateOperations
{
    /// <summary>
    /// Production's question before a move (target, what it would do, whether only an unsafe plan asks); given by the engine's root,
    /// as planning is Validate's.
    /// </summary>
    public delegate void AskBeforeMove(EngineSession session, string targetText, string what, bool onlyWhenUnsafe);

    public static int Upgrade(EngineSession session, AskBeforeMove ask) => MoveTo(session, up: true, session.Request.Target ?? "head", ask);

    public static int Downgrade(EngineSession session, AskBeforeMove ask) => MoveTo(session, up: false, session.Request.Target ?? "-1", ask);

    private static int MoveTo(EngineSession session, bool up, string targetText, AskBeforeMove ask)
    {
        using var held = session.Request.Sql ? null : LockForTarget(session, targetText, up);

        // An idempotent script covers every migration, so it never needs the database.
        var catalog = !session.Request.Sql ? MigrationCatalog.Load(session)
            : session.Request.Idempotent ? MigrationCatalog.Offline(session)
            : LoadForScript(session);
        var target = catalog.Targets.Resolve(targetText, catalog.Current);
        if (session.Request.Sql)
        {
            RequireDirection(catalog, target, targetText, up);
            return Script(session, catalog.Current, target);
        }

        var steps = Steps(catalog, target, targetText, up);
        session.AnnounceDatabase();
        if (up && steps.Count > 0)
        {
            SquashedRange.RefuseInside(session, catalog, steps[0]);
        }
        if (session.IsProduction && !session.Request.Yes)
        {
            ConfirmInProduction(session, steps, catalog.DatabaseExists, targetText, up, ask);
        }

        if (steps.Count > 0)
        {
            Move(session, catalog, steps, target, up ? "Applying" : "Reverting");
        }

        session.Events.Result(new MigrateResult
        {
            From = catalog.Current,
            To = steps.Count > 0 ? target : catalog.Current,
            Applied = up ? steps : [],
            Reverted = up ? [] : steps,
            Database = session.DatabaseInfo,
        });
        return ExitCodes.Success;
    }

    /// <summary>
    /// In production without --yes: a caller that can ask is shown the plan and asked (an upgrade only
    /// when it is unsafe, a downgrade always); otherwise an unsafe upgrade is refused with its findings,
    /// and a downgrade always.
    /// </summary>
    private static void ConfirmInProduction(EngineSession session, IReadOnlyList<string> steps, bool sized, string targetText, bool up, AskBeforeMove ask)
    {
        if (steps.Count == 0)
        {
            return; // nothing moves
        }

        if (session.Request.Ask)
        {
            var what = up ? $"run unsafe migrations up to {targetText}" : $"revert migrations down to {targetText}";
            ask(session, targetText, what, onlyWhenUnsafe: up);
        }
        else if (up)
        {
            RefuseUnsafeInProduction(session, steps, sized);
        }
        else
        {
            throw new EngineException(
                $"This would revert the {session.EnvironmentName} database to {targetText}; nothing was done. Confirm with --yes.", ExitCodes.Refused);
        }
    }

    /// <summary>
    /// In production, an upgrade whose migrations have unacknowledged error findings runs only when
    /// confirmed (--yes, MigrationsYes): the findings are shown, and nothing runs. Findings that lock a
    /// table are sized by the database when it exists.
    /// </summary>
    private static void RefuseUnsafeInProduction(EngineSession session, IReadOnlyList<string> steps, bool sized)
    {
        var unsafeFindings = new Safety.SafetyAnalyzer(session, session.NewSources(), sized ? new Safety.TableSizes(session) : null).Analyze(steps)
            .Where(f => f.Severity == LogLevels.Error).ToList();
        foreach (var f in unsafeFindings)
        {
            session.Events.Diagnostic(f.Rule, f.Severity, f.Message, f.File, f.Line, f.SourceColumn);
        }

        if (unsafeFindings.Count > 0)
        {
            throw new EngineException(
                $"Upgrading the {session.EnvironmentName} database would run {steps.Count} migration(s) with {unsafeFindings.Count} unsafe finding(s) "
                + "(above); nothing was run. "
                + "Check them (dotnet migrate validate head), back up (dotnet migrate backup), then confirm with --yes (MSBuild: -p:MigrationsYes=true).",
                ExitCodes.Refused);
        }
    }

    /// <summary>
    /// On SQLite, resolves the target (and, given <paramref name="up"/>, checks the direction) first, so a
    /// bad target is refused with nothing left behind, not even the lock file; then takes the migrations
    /// lock, under which the caller reads and resolves again. Elsewhere the lock comes first: the lock
    /// leaves nothing behind, and reading the history before it would wait on a running upgrade's hold
    /// on the history table (seen on PostgreSQL: a command timeout) instead of on our lock, with its
    /// bound and its holder named.
    /// </summary>
    internal static DatabaseLock LockForTarget(EngineSession session, string targetText, bool? up = null)
    {
        if (session.Context.Database.ProviderName?.Contains("Sqlite", StringComparison.OrdinalIgnoreCase) != true)
        {
            return DatabaseLock.Acquire(session);
        }

        var catalog = MigrationCatalog.Load(session);
        var target = catalog.Targets.Resolve(targetText, catalog.Current);
        if (up is { } direction)
        {
            Steps(catalog, target, targetText, direction);
        }

        return DatabaseLock.Acquire(session);
    }

    /// <summary>
    /// The migrations to run, in order, to move from the current migration to the target: checks the
    /// direction, and that a downgrade would never apply anything.
    /// </summary>
    internal static List<string> Steps(MigrationCatalog catalog, string? target, string targetText, bool up)
    {
        RequireDirection(catalog, target, targetText, up);

        // EF Core moves to a target by also applying what sorts before it and isn't applied:
        // a downgrade must never apply anything.
        var wouldApply = up ? [] : catalog.Pending.Where(id => Compare(id, target) <= 0).ToList();
        if (wouldApply.Count > 0)
        {
            throw new EngineException(
                $"Downgrading to {Name(target)} would also apply migration(s) that sort before it but are not applied: {string.Join(", ", wouldApply)}. "
                + "Apply them first (dotnet migrate upgrade), or record them as applied if their schema is there (dotnet migrate stamp).");
        }

        return up
            ? catalog.Pending.Where(id => Compare(id, target) <= 0).ToList()
            : catalog.Applied.Where(id => Compare(id, target) > 0).Reverse().ToList();
    }

    private static void RequireDirection(MigrationCatalog catalog, string? target, string targetText, bool up)
    {
        var order = Compare(target, catalog.Current);
        if (up ? order < 0 : order > 0)
        {
            throw new EngineException(up
                ? $"'{targetText}' ({Name(target)}) is older than the database's current migration {catalog.Current}. "
                  + $"upgrade only moves forward; use 'dotnet migrate downgrade {targetText}'."
                : $"'{targetText}' ({target}) is newer than the database's current migration {Name(catalog.Current)}. "
                  + $"downgrade only moves back; use 'dotnet migrate upgrade {targetText}'.");
        }
    }

    public static int Stamp(EngineSession session)
    {
        using var held = LockForTarget(session, session.Request.Target ?? "head");
        session.AnnounceDatabase();
        var catalog = MigrationCatalog.Load(session);
        var target = catalog.Targets.Resolve(session.Request.Target ?? "head", catalog.Current);
        var applied = catalog.Applied.Concat(catalog.UnknownApplied).ToHashSet(StringComparer.Ordinal);
        var insert = catalog.Ids.Where(id => Compare(id, target) <= 0 && !applied.Contains(id)).ToList();
        var remove = applied.Where(id => Compare(id, target) > 0).Order(StringComparer.Ordinal).ToList();

        if (!catalog.DatabaseExists && target is null)
        {
            session.Events.Result(new StampResult { From = null, To = null });
            return ExitCodes.Success; // base on no database: nothing to record, and nothing to create
        }

        var history = session.Service<IHistoryRepository>();
        var version = typeof(DbContext).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
        var script = new List<string>();
        if (!catalog.DatabaseExists)
        {
            session.Service<IRelationalDatabaseCreator>().Create();
        }

        script.Add(history.GetCreateIfNotExistsScript());
        script.AddRange(insert.Select(id => history.GetInsertScript(new HistoryRow(id, version.Split('+')[0]))));
        script.AddRange(remove.Select(history.GetDeleteScript));

        using (var transaction = session.Context.Database.BeginTransaction())
        {
            foreach (var sql in script)
            {
                session.Context.Database.ExecuteSqlRaw(sql);
            }

            transaction.Commit();
        }

        session.Events.Result(new StampResult { From = catalog.Current, To = target, Inserted = insert, Removed = remove });
        return ExitCodes.Success;
    }

    /// <summary>
    /// Steps one migration at a time so progress can be shown. When an unapplied migration sorts
    /// before an applied one, stepping could revert or apply the wrong ones, so EF Core is asked to
    /// go straight to the target instead.
    /// </summary>
    internal static void Move(EngineSession session, MigrationCatalog catalog, IReadOnlyList<string> steps, string? target, string verb)
    {
        using var cache = MigrationSqlCache.Open(session);
        var migrator = CachingMigrator.For(session, cache);
        var reverting = verb == "Reverting";
        var moved = reverting ? "reverted" : "applied";
        if (catalog.HasGaps)
        {
            session.Interruption.StopIfRequested(() => $"nothing was {moved}; the database is still at {Name(catalog.Current)}. "
                + "The migrations lock is released.");
            session.Warn("Some migrations sort before ones already applied; moving to the target in one go.");
            session.Events.Progress($"{verb} {steps.Count} migration(s)", 0, steps.Count);
            migrator.Migrate(target ?? Migration.InitialDatabase);
            session.Events.Progress($"{verb} {steps.Count} migration(s)", steps.Count, steps.Count);
            TellCache(session, migrator, cache);
            return;
        }

        using var ddl = DdlLocks.Apply(session);
        var migrations = session.Service<IMigrationsAssembly>();
        var provider = session.Context.Database.ProviderName ?? string.Empty;
        for (var i = 0; i < steps.Count; i++)
        {
            var at = i == 0 ? catalog.Current : reverting ? steps[i] : steps[i - 1];
            session.Interruption.StopIfRequested(() => $"{i} of {steps.Count} migration(s) {moved}; the database is at {Name(at)} "
                + $"({steps[i]} and those after it were not {moved}). The migrations lock is released; run the command again to go on.");
            session.Events.Progress($"{verb} {steps[i]}", i, steps.Count);
            var stepTarget = reverting
                ? (i + 1 < steps.Count ? steps[i + 1] : target ?? Migration.InitialDatabase)
                : steps[i];
            var watch = System.Diagnostics.Stopwatch.StartNew();
            try
            {
                ddl.Migrate(steps[i], migrations.CreateMigration(migrations.Migrations[steps[i]], provider), reverting, () => migrator.Migrate(stepTarget));
            }
            catch (Exception e) when (e is not EngineException && EngineHost.Classify(e).ExitCode == ExitCodes.Database)
            {
                var done = i == 0 ? "Nothing before it was changed" : $"The {i} migration(s) before it stay {(reverting ? "reverted" : "applied")}";
                throw new EngineException(
                    $"{verb} {steps[i]} failed: {EngineHost.Classify(e).Message}\n{done}; its own changes were rolled back with its transaction "
                    + "(PostgreSQL, SQL Server and SQLite roll back DDL; a migration that suppresses transactions may be left half done).",
                    ExitCodes.Database, e);
            }

            session.Events.Log(LogLevels.Verbose, $"{verb} {steps[i]}: done in {watch.ElapsedMilliseconds} ms");
        }

        session.Events.Progress($"{verb} done", steps.Count, steps.Count);
        TellCache(session, migrator, cache);
    }

    private static void TellCache(EngineSession session, IMigrator migrator, MigrationSqlCache? cache)
    {
        if (migrator is CachingMigrator { Counts: var (kept, generated) } && cache is not null)
        {
            session.Events.Log(LogLevels.Verbose, $"SQL of {kept} migration(s) taken from {cache.File}, where EF Core generated it before for the same code; "
                + $"{generated} generated now{(generated > 0 ? " and kept there" : string.Empty)}.");
        }
    }

    private static int Script(EngineSession session, string? from, string? to)
    {
        var request = session.Request;
        using var cache = MigrationSqlCache.Open(session);
        var migrator = CachingMigrator.For(session, cache);
        string sql;
        var idempotent = request.Idempotent;
        try
        {
            var options = idempotent ? MigrationsSqlGenerationOptions.Idempotent : MigrationsSqlGenerationOptions.Default;
            sql = migrator.GenerateScript(from ?? Migration.InitialDatabase, to ?? Migration.InitialDatabase, options);
        }
        catch (NotSupportedException) when (idempotent)
        {
            // EF Core's SQLite provider can't guard each migration; say so and script from base.
            session.Warn($"{session.DatabaseInfo.Provider} cannot generate idempotent scripts: this script applies every "
                + "migration from base and is only safe on a new, empty database.");
            (idempotent, from) = (false, null);
            sql = migrator.GenerateScript(Migration.InitialDatabase, to ?? Migration.InitialDatabase);
        }

        if (request.OutputFile is { } file)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
            File.WriteAllText(file, sql);
            session.Info($"Wrote the migrations script to {file}");
        }

        session.Events.Result(new ScriptResult
        {
            From = from,
            To = to,
            Idempotent = idempotent,
            File = request.OutputFile,
            Sql = request.OutputFile is null ? sql : null,
        });
        return ExitCodes.Success;
    }

    /// <summary>For --sql: start from the database's current migration when it can be read, else from base.</summary>
    private static MigrationCatalog LoadForScript(EngineSession session)
    {
        try
        {
            return MigrationCatalog.Load(session);
        }
        catch (Exception e) when (EngineHost.Classify(e).ExitCode == ExitCodes.Database)
        {
            session.Warn($"The database could not be read ({e.Message}); the script starts from base.");
            return MigrationCatalog.Offline(session);
        }
    }

    /// <summary>Orders ids with null (base) first.</summary>
    internal static int Compare(string? a, string? b)
        => a is null ? (b is null ? 0 : -1) : b is null ? 1 : string.CompareOrdinal(a, b);

    private static string Name(string? id) => id ?? "base";
}
