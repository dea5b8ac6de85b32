using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Migrations.Build.Engine.Safety.RawSql;

namespace Migrations.Build.Engine.Safety;

/// <summary>One migration as the rules see it: its operations, its provider, what it creates.</summary>
internal sealed class MigrationScope
{
    /// <param name="historyTable">The migrations history table's configured name (its rows are EF Core's, not the app's).</param>
    public MigrationScope(
        string id, string name, string provider, IReadOnlyList<MigrationOperation> up, IReadOnlyList<MigrationOperation>? down,
        Exception? downError, string? historyTable = null)
    {
        Id = id;
        Name = name;
        Provider = provider;
        Up = up;
        Down = down;
        DownError = downError;
        HistoryTable = historyTable;
        CreatedTables = up.OfType<CreateTableOperation>().Select(t => Key(t.Name, t.Schema)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var statements = new RawSqlStatements(IsPostgreSql, historyTable);
        var analyzed = new List<MigrationOperation>();
        foreach (var operation in up)
        {
            var read = operation is SqlOperation sql ? statements.Expand(sql) : [operation];
            foreach (var one in read.Where(o => !ReferenceEquals(o, operation)))
            {
                _origins[one] = operation;
            }

            analyzed.AddRange(read);
        }

        Analyzed = analyzed;
    }

    /// <summary>
    /// The scope of a migration instance. Building its Down may throw (an irreversible migration):
    /// that is kept in <see cref="DownError"/> rather than thrown.
    /// </summary>
    public static MigrationScope Of(string id, string name, string provider,
        Microsoft.EntityFrameworkCore.Migrations.Migration migration, string? historyTable = null)
    {
        var up = migration.UpOperations;
        try
        {
            return new MigrationScope(id, name, provider, up, migration.DownOperations, null, historyTable);
        }
        catch (Exception e)
        {
            return new MigrationScope(id, name, provider, up, null, e, historyTable);
        }
    }

    /// <summary>The same migration going back: its Down as the operations that run.</summary>
    public MigrationScope Reverted() => new(Id, Name, Provider, Down ?? [], Up, null, HistoryTable);

    public string Id { get; }

    public string Name { get; }

    /// <summary>The EF Core provider, e.g. Npgsql.EntityFrameworkCore.PostgreSQL.</summary>
    public string Provider { get; }

    public IReadOnlyList<MigrationOperation> Up { get; }

    /// <summary>
    /// Up's operations as the rules, validate and rollback read them: each raw SQL statement that is
    /// recognised (a column or table drop, a DELETE...) replaced by the operation it performs.
    /// </summary>
    public IReadOnlyList<MigrationOperation> Analyzed { get; }

    public string? HistoryTable { get; }

    /// <summary>The Down operations, or null when building them threw (see <see cref="DownError"/>).</summary>
    public IReadOnlyList<MigrationOperation>? Down { get; }

    public Exception? DownError { get; }

    private HashSet<string> CreatedTables { get; }

    private readonly Dictionary<MigrationOperation, MigrationOperation> _origins = new(ReferenceEqualityComparer.Instance);

    /// <summary>The operation of Up an analyzed one was read from: its Sql() call, or itself.</summary>
    public MigrationOperation? SourceOf(MigrationOperation? operation)
        => operation is not null && _origins.TryGetValue(operation, out var sql) ? sql : operation;

    public bool IsPostgreSql
        => Provider.Contains("PostgreSQL", StringComparison.OrdinalIgnoreCase) || Provider.Contains("Npgsql", StringComparison.OrdinalIgnoreCase);

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
