using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage;

namespace Migrations.Build.Engine.Migrate;

/// <summary>
/// The project's migrations and, when the database exists, which of them it has applied.
/// Loading it never creates or changes a database: a database that doesn't exist yet (e.g. a
/// SQLite file not there) simply has nothing applied.
/// </summary>
internal sealed class MigrationCatalog
{
    private MigrationCatalog(IReadOnlyList<string> ids, IReadOnlyList<string> applied, bool databaseExists, Func<string, string> nameOf)
    {
        Ids = ids;
        NameOf = nameOf;
        DatabaseExists = databaseExists;
        var known = ids.ToHashSet(StringComparer.Ordinal);
        Applied = applied.Where(known.Contains).ToList();
        UnknownApplied = applied.Where(id => !known.Contains(id)).ToList();
        var appliedSet = Applied.ToHashSet(StringComparer.Ordinal);
        Pending = ids.Where(id => !appliedSet.Contains(id)).ToList();
    }

    /// <summary>Every migration id of the project, oldest first.</summary>
    public IReadOnlyList<string> Ids { get; }

    public Func<string, string> NameOf { get; }

    public bool DatabaseExists { get; }

    /// <summary>Applied ids that the project knows, oldest first.</summary>
    public IReadOnlyList<string> Applied { get; }

    /// <summary>Ids recorded in the database that no migration of the project has.</summary>
    public IReadOnlyList<string> UnknownApplied { get; }

    public IReadOnlyList<string> Pending { get; }

    public string? Current => Applied.Count > 0 ? Applied[^1] : null;

    public string? Head => Ids.Count > 0 ? Ids[^1] : null;

    /// <summary>True when an unapplied migration sorts before an applied one (e.g. merged from a branch).</summary>
    public bool HasGaps => Current is { } current && Pending.Any(id => string.CompareOrdinal(id, current) < 0);

    public TargetResolver Targets => new(Ids, NameOf);

    public static MigrationCatalog Load(EngineSession session)
    {
        var exists = session.Service<IRelationalDatabaseCreator>().Exists();
        var history = session.Service<IHistoryRepository>();
        var applied = exists && history.Exists()
            ? history.GetAppliedMigrations().Select(r => r.MigrationId).OrderBy(id => id, StringComparer.Ordinal).ToList()
            : [];
        return new MigrationCatalog(SortedIds(session), applied, exists, session.Service<IMigrationsIdGenerator>().GetName);
    }

    /// <summary>A catalog without a database, for when none can be reached.</summary>
    public static MigrationCatalog Offline(EngineSession session)
        => new(SortedIds(session), [], databaseExists: false, session.Service<IMigrationsIdGenerator>().GetName);

    private static List<string> SortedIds(EngineSession session)
        => session.Service<IMigrationsAssembly>().Migrations.Keys.OrderBy(id => id, StringComparer.Ordinal).ToList();

    /// <summary>For tests: a catalog over given ids and applied ids.</summary>
    internal static MigrationCatalog For(IReadOnlyList<string> ids, IReadOnlyList<string> applied)
        => new(ids, applied, databaseExists: true, id => id.Length > 15 && id[14] == '_' ? id[15..] : id);
}
