using Migrations.Build.Engine.Integrity;
using Migrations.Build.Engine.Migrate;
using Migrations.Build.Engine.Sources;
using Migrations.Build.Protocol;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Migrations.Build.Engine.Checks;

/// <summary>
/// What the checks look at, read once: the migrations, the database when it can be reached in time,
/// and the integrity file. "Pending" follows the contract: not applied to the database when one is
/// reachable, else not recorded in the integrity file.
/// </summary>
internal sealed class ProjectState
{
    private readonly Dictionary<string, string> _hashes;

    private ProjectState(EngineSession session, SourceLocator sources, Dictionary<string, string> hashes, MigrationCatalog catalog,
        bool reachable, string lockPath)
    {
        Session = session;
        Sources = sources;
        _hashes = hashes;
        Catalog = catalog;
        DatabaseReachable = reachable;
        LockPath = lockPath;
        Lock = IntegrityFile.Read(lockPath);
        LockedEntries = (Lock?.EntriesOf(ContextName) ?? []).ToDictionary(m => m.Id, StringComparer.Ordinal);
    }

    public EngineSession Session { get; }

    /// <summary>The context's name, as the integrity file records it.</summary>
    public string ContextName => Session.Context.GetType().Name;

    public SourceLocator Sources { get; }

    public MigrationCatalog Catalog { get; }

    public bool DatabaseReachable { get; }

    public string LockPath { get; }

    public IntegrityFile? Lock { get; }

    /// <summary>The integrity file's entries of this context by migration id, read once.</summary>
    public IReadOnlyDictionary<string, LockedMigration> LockedEntries { get; }

    public IEnumerable<string> Locked => LockedEntries.Keys;

    public IReadOnlyList<string> Pending => DatabaseReachable
        ? Catalog.Pending
        : Catalog.Ids.Where(id => !LockedEntries.ContainsKey(id)).ToList();

    /// <summary>The newest migration locked or applied: what a new one must sort after (MIG012).</summary>
    public string? NewestSettled => Locked.Concat(DatabaseReachable ? Catalog.Applied : []).Max(StringComparer.Ordinal);

    /// <summary>Pending migrations, not locked, that sort before <see cref="NewestSettled"/>: made on a branch merged late (MIG012).</summary>
    public IEnumerable<string> OutOfOrder => NewestSettled is { } newest
        ? Pending.Where(id => !LockedEntries.ContainsKey(id) && string.CompareOrdinal(id, newest) < 0)
        : [];

    /// <summary>The hash of what a migration does, as the integrity file records it.</summary>
    public string Hash(string id)
    {
        if (!_hashes.TryGetValue(id, out var hash))
        {
            var migrations = Session.Service<IMigrationsAssembly>();
            var migration = migrations.CreateMigration(migrations.Migrations[id], Session.Context.Database.ProviderName!);

            // An irreversible migration (Down throws) is reported by MIG502; its Up still identifies it.
            var scope = Safety.MigrationScope.Of(id, id, Session.Context.Database.ProviderName!, migration);
            _hashes[id] = hash = OperationFingerprint.Compute(scope.Up, scope.Down ?? []);
        }

        return hash;
    }

    /// <param name="sources">The project's sources, when the caller has listed them already.</param>
    /// <param name="hashes">Integrity hashes known already by migration id (<see cref="CheckCache"/>); those computed are added to it.</param>
    /// <param name="withDatabase">False for what judges the code alone (a baseline): the database is not read.</param>
    public static ProjectState Load(EngineSession session, SourceLocator? sources = null, Dictionary<string, string>? hashes = null, bool withDatabase = true)
    {
        sources ??= session.NewSources();
        var (catalog, reachable) = withDatabase ? ReadDatabase(session) : (MigrationCatalog.Offline(session), false);
        return new ProjectState(session, sources, hashes ?? [], catalog, reachable, LockPathOf(session, sources));
    }

    /// <summary>The integrity file: the request's, else beside the model snapshot, else in Migrations/.</summary>
    private static string LockPathOf(EngineSession session, SourceLocator sources)
    {
        if (session.Request.LockFile is { Length: > 0 } given)
        {
            return Path.GetFullPath(given, session.Request.ProjectDir);
        }

        var snapshot = session.Service<IMigrationsAssembly>().ModelSnapshot?.GetType().Name;
        var at = snapshot is null ? null : sources.FindType(snapshot);
        var folder = at is null ? Path.Combine(session.MigrationsProject.Directory, "Migrations") : Path.GetDirectoryName(at.File)!;
        return Path.Combine(folder, IntegrityFile.FileName);
    }

    /// <summary>
    /// Reads the database within the request's time bound. In the build, and for lint and lock (checks
    /// of the code), a database that fails or doesn't answer in time is reported and left out, so a
    /// build never hangs on a database that is down; for check it is the contract's database error (exit 3).
    /// </summary>
    private static (MigrationCatalog Catalog, bool Reachable) ReadDatabase(EngineSession session)
    {
        var timeout = session.Request.DatabaseTimeout;
        try
        {
            var load = Task.Run(() => MigrationCatalog.Load(session));
            if (!load.Wait(TimeSpan.FromSeconds(timeout)))
            {
                session.AbandonConnection();
                throw new TimeoutException($"The database did not answer within {timeout} s.");
            }

            if (!load.Result.DatabaseExists)
            {
                session.Info("No database yet: checked without it.");
            }

            return (load.Result, load.Result.DatabaseExists);
        }
        catch (Exception e) when (Tolerant(session.Request) && EngineHost.Classify(e).ExitCode == ExitCodes.Database)
        {
            var message = $"The database was not checked: {EngineHost.Classify(e).Message}";
            if (session.Request.BuildGate)
            {
                // Visible in the build (and NoWarn-able), so a database check never goes missing unseen.
                session.Events.Diagnostic(SetupCodes.DatabaseUnreachable, LogLevels.Warning, message);
            }
            else
            {
                session.Info(message);
            }

            return (MigrationCatalog.Offline(session), false);
        }
    }

    private static bool Tolerant(EngineRequest request) => request.BuildGate || request.Command is EngineVerbs.Lint or EngineVerbs.Lock;
}
