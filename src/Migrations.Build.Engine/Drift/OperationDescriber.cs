using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace Migrations.Build.Engine.Drift;

/// <summary>
/// Tells a migration operation in one readable line, naming the entity and property when a model
/// maps the table, e.g. "Customer.Email: column added (Customers.Email TEXT, nullable)".
/// The source model names what is dropped, the target model what is added.
/// </summary>
/// <param name="postgreSql">Whether the operations run on PostgreSQL, where a rename without a new schema moves nothing.</param>
internal sealed class OperationDescriber(IRelationalModel? source, IRelationalModel? target, bool postgreSql = false)
{
    public string Describe(MigrationOperation operation) => operation switch
    {
        CreateTableOperation t => $"{Entity(t.Name, t.Schema)}: table added ({TableIfEntity(t.Name, t.Schema)}{t.Columns.Count} column(s))",
        DropTableOperation t => $"{Entity(t.Name, t.Schema)}: table dropped{Parenthesised(TableIfEntity(t.Name, t.Schema).TrimEnd(' ', ','))}",
        RenameTableOperation t => $"{Table(t.Name, t.Schema)}: {Moved("table", t.Name, t.Schema, t.NewName, t.NewSchema)}",
        AddColumnOperation c => $"{Member(c.Table, c.Schema, c.Name)}: column added ({ColumnText.Column(c, Table(c.Table, c.Schema))})",
        DropColumnOperation c => $"{Member(c.Table, c.Schema, c.Name)}: column dropped ({Table(c.Table, c.Schema)}.{c.Name})",
        AlterColumnOperation c => $"{Member(c.Table, c.Schema, c.Name)}: column changed ({Table(c.Table, c.Schema)}.{c.Name}: {ColumnText.Change(c)})",
        RenameColumnOperation c => $"{Member(c.Table, c.Schema, c.Name)}: column renamed to {c.NewName} ({Table(c.Table, c.Schema)})",
        CreateIndexOperation i => $"{Entity(i.Table, i.Schema)}: {(i.IsUnique ? "unique index" : "index")} {i.Name} added on ({string.Join(", ", i.Columns)})",
        DropIndexOperation i => $"{Entity(i.Table ?? "?", i.Schema)}: index {i.Name} dropped",
        RenameIndexOperation i => $"{Entity(i.Table ?? "?", i.Schema)}: index {i.Name} renamed to {i.NewName}",
        AddForeignKeyOperation f => $"{Entity(f.Table, f.Schema)}: foreign key {f.Name} added ({string.Join(", ", f.Columns)} -> {f.PrincipalTable})",
        DropForeignKeyOperation f => $"{Entity(f.Table, f.Schema)}: foreign key {f.Name} dropped",
        AddPrimaryKeyOperation k => $"{Entity(k.Table, k.Schema)}: primary key {k.Name} added ({string.Join(", ", k.Columns)})",
        DropPrimaryKeyOperation k => $"{Entity(k.Table, k.Schema)}: primary key {k.Name} dropped",
        AddUniqueConstraintOperation u => $"{Entity(u.Table, u.Schema)}: unique constraint {u.Name} added ({string.Join(", ", u.Columns)})",
        DropUniqueConstraintOperation u => $"{Entity(u.Table, u.Schema)}: unique constraint {u.Name} dropped",
        AddCheckConstraintOperation k => $"{Entity(k.Table, k.Schema)}: check constraint {k.Name} added ({k.Sql})",
        DropCheckConstraintOperation k => $"{Entity(k.Table, k.Schema)}: check constraint {k.Name} dropped",
        InsertDataOperation d => $"{Entity(d.Table, d.Schema)}: {d.Values.GetLength(0)} row(s) of seed data inserted",
        UpdateDataOperation d => $"{Entity(d.Table, d.Schema)}: {d.KeyValues.GetLength(0)} row(s) of seed data updated",
        DeleteDataOperation d => $"{Entity(d.Table, d.Schema)}: {d.KeyValues.GetLength(0)} row(s) of seed data deleted",
        EnsureSchemaOperation s => $"schema {s.Name}: ensured",
        DropSchemaOperation s => $"schema {s.Name}: dropped",
        CreateSequenceOperation s => $"sequence {Table(s.Name, s.Schema)}: added",
        DropSequenceOperation s => $"sequence {Table(s.Name, s.Schema)}: dropped",
        RenameSequenceOperation s => $"sequence {Table(s.Name, s.Schema)}: {Moved(string.Empty, s.Name, s.Schema, s.NewName, s.NewSchema)}",
        AlterSequenceOperation s => $"sequence {Table(s.Name, s.Schema)}: {SequenceChanges(s)}",
        RestartSequenceOperation s => $"sequence {Table(s.Name, s.Schema)}: restarted{(s.StartValue is { } start ? $" at {start}" : string.Empty)}",
        AlterTableOperation t => $"{Entity(t.Name, t.Schema)}: table options changed",
        AlterDatabaseOperation => "database options changed (collation, extensions or annotations)",
        SqlOperation s => $"raw SQL: {FirstLine(s.Sql)}",
        _ => Words(operation.GetType().Name.Replace("Operation", string.Empty, StringComparison.Ordinal)),
    };

    /// <summary>A rename, a move to another schema (null: the database's default), or both.</summary>
    private string Moved(string what, string name, string? schema, string? newName, string? newSchema)
    {
        var renamed = newName is not null && newName != name;

        // Npgsql emits no SET SCHEMA for a null new schema: say so, as the object stays where it is.
        if (postgreSql && newSchema is null && schema is not null)
        {
            var stays = $"stays in schema {schema}: PostgreSQL moves nothing without a new schema";
            return renamed ? $"{what} renamed to {newName} ({stays})".TrimStart() : $"no change ({stays})";
        }

        var moved = newSchema != schema;
        var to = newSchema is null ? "the default schema" : $"schema {newSchema}";
        var text = renamed && moved ? $"{what} renamed to {newName} and moved to {to}"
            : moved ? $"{what} moved to {to}"
            : renamed ? $"{what} renamed to {newName}"
            : $"{what} renamed to itself (no change)";
        return text.TrimStart();
    }

    /// <summary>Only what an AlterSequence changes, e.g. "changed (increment 1 -> 10, max none -> 1000)".</summary>
    private static string SequenceChanges(AlterSequenceOperation s)
    {
        static string Bound(long? value) => value?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none";
        var old = s.OldSequence;
        var changes = new List<string>();
        if (old.IncrementBy != s.IncrementBy)
        {
            changes.Add($"increment {old.IncrementBy} -> {s.IncrementBy}");
        }

        if (old.MinValue != s.MinValue)
        {
            changes.Add($"min {Bound(old.MinValue)} -> {Bound(s.MinValue)}");
        }

        if (old.MaxValue != s.MaxValue)
        {
            changes.Add($"max {Bound(old.MaxValue)} -> {Bound(s.MaxValue)}");
        }

        if (old.IsCyclic != s.IsCyclic)
        {
            changes.Add(s.IsCyclic ? "cyclic" : "not cyclic");
        }

        return changes.Count > 0 ? $"changed ({string.Join(", ", changes)})" : "options changed";
    }

    /// <summary>An operation this doesn't know by name, in words: "AddSomething" becomes "add something".</summary>
    private static string Words(string name) => System.Text.RegularExpressions.Regex.Replace(name, "(?<=[a-z])(?=[A-Z])", " ").ToLowerInvariant();

    private string Entity(string table, string? schema)
        => FindTable(target, table, schema) ?? FindTable(source, table, schema) ?? Table(table, schema);

    /// <summary>"Customers, " when an entity name is shown for the table, else nothing (no repeats).</summary>
    private string TableIfEntity(string table, string? schema)
        => Entity(table, schema) == Table(table, schema) ? string.Empty : Table(table, schema) + ", ";

    private static string Parenthesised(string text) => text.Length == 0 ? string.Empty : $" ({text})";

    private static string? FindTable(IRelationalModel? model, string table, string? schema)
        => model?.FindTable(table, schema)?.EntityTypeMappings.FirstOrDefault()?.TypeBase is { } type ? Name(type) : null;

    /// <summary>A model snapshot's entities are property bags; their short name is what the user knows.</summary>
    private static string Name(ITypeBase type) => type.HasSharedClrType ? type.ShortName() : type.DisplayName();

    private string Member(string table, string? schema, string column)
    {
        foreach (var model in new[] { target, source })
        {
            var mapping = model?.FindTable(table, schema)?.FindColumn(column)?.PropertyMappings.FirstOrDefault();
            if (mapping is not null)
            {
                return $"{Name(mapping.Property.DeclaringType)}.{mapping.Property.Name}";
            }
        }

        return $"{Table(table, schema)}.{column}";
    }

    private static string Table(string name, string? schema) => schema is null ? name : $"{schema}.{name}";

    private static string FirstLine(string sql)
    {
        var line = sql.Trim().Split('\n')[0].Trim();
        return line.Length > 80 ? line[..77] + "..." : line;
    }
}
