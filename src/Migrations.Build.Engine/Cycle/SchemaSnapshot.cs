using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Scaffolding.Metadata;

namespace Migrations.Build.Engine.Cycle;

/// <summary>
/// A schema as a set of comparable facts (tables, columns with store type, nullability and
/// default, keys, unique constraints, indexes, foreign keys), read from the live database or from
/// the model. Names are compared case-sensitively, store types and values case-insensitively.
/// </summary>
internal sealed class SchemaSnapshot
{
    private readonly Dictionary<string, SchemaFact> _facts;

    private SchemaSnapshot(IEnumerable<SchemaFact> facts, IReadOnlySet<string>? unread = null)
    {
        _facts = facts.GroupBy(f => f.Key).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        Unread = unread ?? new HashSet<string>();
    }

    /// <summary>Keys ("table X") of the tables the reader couldn't read: only their definitions are known.</summary>
    public IReadOnlySet<string> Unread { get; }

    public IReadOnlyCollection<SchemaFact> Facts => _facts.Values;

    public SchemaFact? Find(string key) => _facts.GetValueOrDefault(key);

    /// <summary>The live schema, without the tables <paramref name="include"/> leaves out, and what only the catalog knows.</summary>
    public static SchemaSnapshot Of(DatabaseModel database, Func<string?, string, bool> include, IEnumerable<SchemaFact> catalog, IReadOnlySet<string> unread)
    {
        var facts = new List<SchemaFact>(catalog);
        foreach (var table in database.Tables.Where(t => t is not DatabaseView && include(t.Schema, t.Name)))
        {
            var name = TableName(table.Schema, table.Name, database.DefaultSchema);
            var tableKey = "table " + name;
            facts.Add(new SchemaFact(FactKind.Table, tableKey, "table " + name, string.Empty, null, tableKey));
            foreach (var column in table.Columns)
            {
                AddColumn(facts, name, column.Name, column.StoreType ?? "?", column.IsNullable, column.DefaultValueSql);
                if (column.ComputedColumnSql is { } computed)
                {
                    // Live only: the database words a computed column's SQL its own way, never as the model does.
                    facts.Add(new SchemaFact(FactKind.Catalog, $"column {name}.{column.Name} computed", $"{name}.{column.Name} computed SQL",
                        computed + (column.IsStored == true ? " stored" : string.Empty), $"column {name}.{column.Name}", tableKey));
                }
            }

            if (table.PrimaryKey is { } pk)
            {
                facts.Add(Key(name, pk.Name, Names(pk.Columns)));
            }

            facts.AddRange(table.UniqueConstraints.Select(u => Unique(name, u.Name, Names(u.Columns))));
            facts.AddRange(table.Indexes.Select(i => Index(name, i.Name, Names(i.Columns), i.IsUnique)));
            facts.AddRange(table.ForeignKeys.Select(fk => ForeignKey(
                name, fk.Name, Names(fk.Columns), TableName(fk.PrincipalTable.Schema, fk.PrincipalTable.Name, database.DefaultSchema),
                Names(fk.PrincipalColumns), fk.OnDelete ?? ReferentialAction.NoAction)));
        }

        return new SchemaSnapshot(facts, unread);
    }

    /// <summary>
    /// What the model expects the migrations to build: its tables (not those excluded from
    /// migrations, nor those <paramref name="include"/> leaves out) with their columns' store types
    /// and nullability, keys, indexes and foreign keys. Defaults are left out: the database reports
    /// them in its own words.
    /// </summary>
    public static SchemaSnapshot Of(IRelationalModel model, string? defaultSchema, Func<string?, string, bool> include)
    {
        var facts = new List<SchemaFact>();
        foreach (var table in model.Tables.Where(t => !t.IsExcludedFromMigrations && include(t.Schema ?? defaultSchema, t.Name)))
        {
            var name = TableName(table.Schema, table.Name, defaultSchema);
            facts.Add(new SchemaFact(FactKind.Table, "table " + name, "table " + name, string.Empty, null, "table " + name));
            foreach (var column in table.Columns)
            {
                AddColumn(facts, name, column.Name, column.StoreType, column.IsNullable, defaultSql: null);
            }

            if (table.PrimaryKey is { } pk)
            {
                facts.Add(Key(name, pk.Name, pk.Columns.Select(c => c.Name)));
            }

            facts.AddRange(table.UniqueConstraints.Where(u => !u.GetIsPrimaryKey()).Select(u => Unique(name, u.Name, u.Columns.Select(c => c.Name))));
            facts.AddRange(table.Indexes.Select(i => Index(name, i.Name, i.Columns.Select(c => c.Name), i.IsUnique)));
            facts.AddRange(table.ForeignKeyConstraints.Select(fk => ForeignKey(
                name, fk.Name, fk.Columns.Select(c => c.Name), TableName(fk.PrincipalTable.Schema, fk.PrincipalTable.Name, defaultSchema),
                fk.PrincipalColumns.Select(c => c.Name), fk.OnDeleteAction)));
        }

        return new SchemaSnapshot(facts);
    }

    /// <summary>
    /// How <paramref name="actual"/> differs from this (expected) snapshot. Facts of a missing or
    /// extra table or column are not listed again; <paramref name="kinds"/> limits the comparison.
    /// </summary>
    public IReadOnlyList<SchemaDifference> Compare(SchemaSnapshot actual, IReadOnlySet<FactKind>? kinds = null)
    {
        // A table one side couldn't read is compared by its definition on both sides, and only so.
        var unread = Unread.Union(actual.Unread).ToHashSet(StringComparer.Ordinal);
        bool ByDefinition(SchemaFact f) => f.IsDefinition ? unread.Contains(f.Table!)
            : f.Kind == FactKind.Catalog || ((f.Table is null || !unread.Contains(f.Table)) && (f.Refers is null || !unread.Contains(f.Refers)));
        bool Counts(SchemaFact f) => (kinds is null || kinds.Contains(f.Kind)) && ByDefinition(f);
        var differences = new List<SchemaDifference>();
        foreach (var expected in _facts.Values.Where(Counts))
        {
            var found = actual.Find(expected.Key);
            if (found is null)
            {
                if (expected.Parent is null || actual.Find(expected.Parent) is not null)
                {
                    differences.Add(new SchemaDifference(expected, expected.Value, null));
                }
            }
            else if (!string.Equals(Normal(expected.Value), Normal(found.Value), StringComparison.OrdinalIgnoreCase))
            {
                differences.Add(new SchemaDifference(expected, expected.Value, found.Value));
            }
        }

        differences.AddRange(actual.Facts
            .Where(f => Counts(f) && Find(f.Key) is null && (f.Parent is null || Find(f.Parent) is not null))
            .Select(f => new SchemaDifference(f, null, f.Value)));
        return differences.OrderBy(d => d.Fact.Key, StringComparer.Ordinal).ToList();
    }

    private static void AddColumn(List<SchemaFact> facts, string table, string column, string storeType, bool nullable, string? defaultSql)
    {
        var key = $"column {table}.{column}";
        var display = $"{table}.{column}";
        facts.Add(new SchemaFact(FactKind.Column, key, display, storeType, "table " + table, "table " + table));
        facts.Add(new SchemaFact(FactKind.Nullability, key + " nullability", display, nullable ? "NULL" : "NOT NULL", key, "table " + table));
        facts.Add(new SchemaFact(FactKind.Default, key + " default", display + " default", defaultSql ?? "none", key, "table " + table));
    }

    private static SchemaFact Key(string table, string? name, IEnumerable<string> columns)
        => new(FactKind.PrimaryKey, "primary key " + table, $"primary key {Named(name)}on {table}", List(columns), "table " + table, "table " + table);

    private static SchemaFact Unique(string table, string? name, IEnumerable<string> columns)
    {
        var list = List(columns);
        return new SchemaFact(FactKind.UniqueConstraint, $"unique {table}{list}", $"unique constraint {Named(name)}on {table} {list}", string.Empty,
            "table " + table, "table " + table);
    }

    private static SchemaFact Index(string table, string? name, IEnumerable<string> columns, bool unique)
    {
        var list = List(columns);
        return new SchemaFact(FactKind.Index, $"index {table}.{name ?? list}", $"index {Named(name)}on {table}", (unique ? "unique " : string.Empty) + list,
            "table " + table, "table " + table);
    }

    private static SchemaFact ForeignKey(string table, string? name, IEnumerable<string> columns, string principal,
        IEnumerable<string> principalColumns, ReferentialAction onDelete)
    {
        var list = List(columns);
        return new SchemaFact(FactKind.ForeignKey, $"foreign key {table}{list}", $"foreign key {Named(name)}on {table} {list}",
            $"{principal}{List(principalColumns)} on delete {onDelete}", "table " + table, "table " + table, "table " + principal);
    }

    /// <summary>A table's name as people write it: without the database's default schema.</summary>
    internal static string TableName(string? schema, string name, string? defaultSchema)
        => schema is null || schema == defaultSchema ? name : $"{schema}.{name}";

    private static IEnumerable<string> Names(IEnumerable<DatabaseColumn?> columns) => columns.Select(c => c?.Name ?? "(expression)");

    private static string List(IEnumerable<string> columns) => "(" + string.Join(", ", columns) + ")";

    private static string Named(string? name) => string.IsNullOrEmpty(name) ? string.Empty : name + " ";

    /// <summary>Store types differ only in spacing and case between what is declared and what is read back.</summary>
    private static string Normal(string value) => string.Join(' ', value.Split(' ', StringSplitOptions.RemoveEmptyEntries));
}
