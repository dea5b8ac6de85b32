using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace Migrations.Build.Engine.Drift;

/// <summary>The entity (and property) a migration operation is about, as a model maps them.</summary>
/// <param name="ClrName">The entity's CLR class name, to find its source file.</param>
/// <param name="ModelName">The entity's name in the model (what a model snapshot spells).</param>
/// <param name="Property">The property, for column operations.</param>
/// <param name="InCurrentModel">False when only the snapshot knows it (it was removed from the code).</param>
internal sealed record ModelSubject(string ClrName, string ModelName, string? Property, bool InCurrentModel)
{
    public static ModelSubject? Find(MigrationOperation operation, IRelationalModel? source, IRelationalModel? target)
    {
        var (table, schema, column) = operation switch
        {
            ColumnOperation c => (c.Table, c.Schema, c.Name),
            DropColumnOperation c => (c.Table, c.Schema, c.Name),
            RenameColumnOperation c => (c.Table, c.Schema, c.Name),
            TableOperation t => (t.Name, t.Schema, null),
            DropTableOperation t => (t.Name, t.Schema, null),
            CreateIndexOperation i => (i.Table, i.Schema, null),
            DropIndexOperation i => (i.Table ?? string.Empty, i.Schema, null),
            AddForeignKeyOperation f => (f.Table, f.Schema, null),
            DropForeignKeyOperation f => (f.Table, f.Schema, null),
            AddPrimaryKeyOperation k => (k.Table, k.Schema, null),
            AddUniqueConstraintOperation u => (u.Table, u.Schema, null),
            AddCheckConstraintOperation k => (k.Table, k.Schema, null),
            _ => (string.Empty, null, (string?)null),
        };

        return table.Length == 0 ? null : Lookup(target, table, schema, column, current: true) ?? Lookup(source, table, schema, column, current: false);
    }

    private static ModelSubject? Lookup(IRelationalModel? model, string table, string? schema, string? column, bool current)
    {
        var mappedTable = model?.FindTable(table, schema);
        if (mappedTable is null)
        {
            return null;
        }

        if (column is not null && mappedTable.FindColumn(column)?.PropertyMappings.FirstOrDefault()?.Property is { } property)
        {
            return new ModelSubject(Clr(property.DeclaringType), property.DeclaringType.Name, property.Name, current);
        }

        var type = mappedTable.EntityTypeMappings.FirstOrDefault()?.TypeBase;
        return type is null ? null : new ModelSubject(Clr(type), type.Name, column, current);
    }

    private static string Clr(ITypeBase type) => type.HasSharedClrType ? type.ShortName() : type.ClrType.Name;
}
