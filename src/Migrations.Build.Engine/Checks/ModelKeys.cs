using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace Migrations.Build.Engine.Checks;

/// <summary>
/// A table, column, index or foreign key, by kind and qualified name (columns, indexes and keys under
/// their table's name), as something a model has or an operation adds (<see cref="Added"/>) or removes.
/// </summary>
internal readonly record struct ModelKey(string Kind, string Name, bool Added)
{
    public override string ToString() => $"{(Added ? "brings back" : "lacks")} {Kind} {Name}";
}

/// <summary>
/// What a model maps to and what operations change, compared by name: cheap enough to run on every
/// check (no finalized model, no differ), and the same on a Designer's model as on the app's.
/// </summary>
internal static class ModelKeys
{
    /// <summary>Everything the model maps to a table, as added keys.</summary>
    public static HashSet<ModelKey> Of(IReadOnlyModel model)
    {
        var keys = new HashSet<ModelKey>();
        foreach (var entity in model.GetEntityTypes())
        {
            if (entity.GetTableName() is not { } name)
            {
                continue;
            }

            var table = Qualified(entity.GetSchema(), name);
            keys.Add(new("table", table, true));
            keys.UnionWith(entity.GetProperties().Select(p => new ModelKey("column", $"{table}.{p.GetColumnName()}", true)));
            keys.UnionWith(entity.GetDeclaredIndexes().Select(i => i.GetDatabaseName()).OfType<string>()
                .Select(i => new ModelKey("index", $"{table}.{i}", true)));
            keys.UnionWith(entity.GetDeclaredForeignKeys().Select(f => f.GetConstraintName()).OfType<string>()
                .Select(f => new ModelKey("foreign key", $"{table}.{f}", true)));
        }

        return keys;
    }

    /// <summary>
    /// What <paramref name="to"/> has that <paramref name="from"/> lacks (added) and the reverse; a table added or removed carries what is in it.
    /// </summary>
    public static List<ModelKey> Difference(HashSet<ModelKey> from, HashSet<ModelKey> to)
        => Net(to.Where(k => !from.Contains(k)).Concat(from.Where(k => !to.Contains(k)).Select(k => k with { Added = false })));

    /// <summary>The changes without what is in a table added or removed with them, as <see cref="Difference"/> gives them.</summary>
    public static List<ModelKey> Net(IEnumerable<ModelKey> changes)
    {
        var list = changes.Distinct().ToList();
        var tables = list.Where(k => k.Kind == "table").Select(k => (k.Name + ".", k.Added)).ToList();
        return list.Where(k => k.Kind == "table" || !tables.Any(t => t.Added == k.Added && k.Name.StartsWith(t.Item1, StringComparison.Ordinal))).ToList();
    }

    /// <summary>What an operation adds or removes (a new table with its columns and keys; a rename removes the old name and adds the new).</summary>
    public static IEnumerable<ModelKey> Of(MigrationOperation operation) => operation switch
    {
        CreateTableOperation t => [new("table", Qualified(t.Schema, t.Name), true),
            .. t.Columns.Select(c => new ModelKey("column", $"{Qualified(t.Schema, t.Name)}.{c.Name}", true)),
            .. t.ForeignKeys.Select(f => new ModelKey("foreign key", $"{Qualified(t.Schema, t.Name)}.{f.Name}", true))],
        DropTableOperation t => [new("table", Qualified(t.Schema, t.Name), false)],
        RenameTableOperation t
            => [new("table", Qualified(t.Schema, t.Name), false), new("table", Qualified(t.NewSchema ?? t.Schema, t.NewName ?? t.Name), true)],
        AddColumnOperation c => [new("column", $"{Qualified(c.Schema, c.Table)}.{c.Name}", true)],
        DropColumnOperation c => [new("column", $"{Qualified(c.Schema, c.Table)}.{c.Name}", false)],
        RenameColumnOperation c
            => [new("column", $"{Qualified(c.Schema, c.Table)}.{c.Name}", false), new("column", $"{Qualified(c.Schema, c.Table)}.{c.NewName}", true)],
        CreateIndexOperation i => [new("index", $"{Qualified(i.Schema, i.Table)}.{i.Name}", true)],
        DropIndexOperation i => [new("index", $"{Qualified(i.Schema, i.Table ?? string.Empty)}.{i.Name}", false)],
        RenameIndexOperation i
            => [new("index", $"{Qualified(i.Schema, i.Table ?? string.Empty)}.{i.Name}", false),
                new("index", $"{Qualified(i.Schema, i.Table ?? string.Empty)}.{i.NewName}", true)],
        AddForeignKeyOperation f => [new("foreign key", $"{Qualified(f.Schema, f.Table)}.{f.Name}", true)],
        DropForeignKeyOperation f => [new("foreign key", $"{Qualified(f.Schema, f.Table)}.{f.Name}", false)],
        _ => [],
    };

    private static string Qualified(string? schema, string name) => schema is null ? name : schema + "." + name;
}
