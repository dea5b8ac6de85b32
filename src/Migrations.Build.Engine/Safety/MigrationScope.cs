using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace Migrations.Build.Engine.Safety;

/// <summary>One migration as the rules see it: its operations, its provider, what it creates.</summary>
internal sealed class MigrationScope
{
    public MigrationScope(string id, string name, string provider, IReadOnlyList<MigrationOperation> up, IReadOnlyList<MigrationOperation>? down, Exception? downError)
    {
        Id = id;
        Name = name;
        Provider = provider;
        Up = up;
        Down = down;
        DownError = downError;
        CreatedTables = up.OfType<CreateTableOperation>().Select(t => Key(t.Name, t.Schema)).ToHashSet(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>
    /// The scope of a migration instance. Building its Down may throw (an irreversible migration):
    /// that is kept in <see cref="DownError"/> rather than thrown.
    /// </summary>
    public static MigrationScope Of(string id, string name, string provider, Microsoft.EntityFrameworkCore.Migrations.Migration migration)
    {
        var up = migration.UpOperations;
        try
        {
            return new MigrationScope(id, name, provider, up, migration.DownOperations, null);
        }
        catch (Exception e)
        {
            return new MigrationScope(id, name, provider, up, null, e);
        }
    }

    public string Id { get; }

    public string Name { get; }

    /// <summary>The EF Core provider, e.g. Npgsql.EntityFrameworkCore.PostgreSQL.</summary>
    public string Provider { get; }

    public IReadOnlyList<MigrationOperation> Up { get; }

    /// <summary>The Down operations, or null when building them threw (see <see cref="DownError"/>).</summary>
    public IReadOnlyList<MigrationOperation>? Down { get; }

    public Exception? DownError { get; }

    private HashSet<string> CreatedTables { get; }

    public bool IsPostgreSql => Provider.Contains("PostgreSQL", StringComparison.OrdinalIgnoreCase) || Provider.Contains("Npgsql", StringComparison.OrdinalIgnoreCase);

    public bool IsSqlServer => Provider.Contains("SqlServer", StringComparison.OrdinalIgnoreCase);

    public bool IsSqlite => Provider.Contains("Sqlite", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// True for a table that holds data before this migration runs: one this migration does not
    /// create. (A NOT NULL column or a unique index on a brand-new table cannot fail on old rows.)
    /// </summary>
    public bool IsExisting(string table, string? schema) => !CreatedTables.Contains(Key(table, schema));

    public static string Display(string table, string? schema) => schema is null ? table : $"{schema}.{table}";

    private static string Key(string table, string? schema) => (schema ?? string.Empty) + "." + table;
}
