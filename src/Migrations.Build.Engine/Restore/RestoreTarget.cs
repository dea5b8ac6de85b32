using System.Data.Common;
using System.Text.Json;
using Migrations.Build.Protocol.Backups;
using Microsoft.EntityFrameworkCore.Storage;

namespace Migrations.Build.Engine.Restore;

/// <summary>A backed-up column matched by name to a column of the table as it is now (with the database's name for its type).</summary>
internal sealed record RestoreColumn(int BackupIndex, string Name, Type Type, string BackupType, string StoreType = "");

/// <summary>
/// A table as it is in the database now, matched against a table of the backup: which backed-up
/// columns it still has (by name, any case), which it no longer has (reported, never dropped
/// silently), and the primary key by which existing rows are updated rather than duplicated.
/// </summary>
internal sealed class RestoreTarget
{
    private RestoreTarget(string name, string? schema, IReadOnlyList<RestoreColumn> columns, IReadOnlyList<string> missing, IReadOnlyList<int> key, int columnCount)
    {
        ColumnCount = columnCount;
        Name = name;
        Schema = schema;
        Columns = columns;
        Missing = missing;
        Key = key;
    }

    public string Name { get; }

    public string? Schema { get; }

    /// <summary>How many columns the backup's table has (each row has that many values).</summary>
    public int ColumnCount { get; }

    public IReadOnlyList<RestoreColumn> Columns { get; }

    /// <summary>Backed-up columns the table no longer has.</summary>
    public IReadOnlyList<string> Missing { get; }

    /// <summary>Indexes into <see cref="Columns"/> of the primary key; empty when rows can only be inserted.</summary>
    public IReadOnlyList<int> Key { get; }

    /// <summary>Reads the table's columns from the database; null when the table doesn't exist now.</summary>
    public static RestoreTarget? Describe(DbConnection connection, RestoreDialect dialect, string name, string? schema, IReadOnlyList<BackupColumn> backup, IReadOnlyList<string> modelKey)
    {
        var now = new List<(string Name, Type Type, string StoreType)>();
        try
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM {dialect.Sql.DelimitIdentifier(name, schema)} WHERE 1 = 0";
            using var reader = command.ExecuteReader();
            for (var i = 0; i < reader.FieldCount; i++)
            {
                now.Add((reader.GetName(i), FieldType(reader, i), reader.GetDataTypeName(i)));
            }
        }
        catch (DbException)
        {
            return null;
        }

        var stored = dialect.StoreTypes(connection, name, schema);
        var columns = new List<RestoreColumn>();
        var missing = new List<string>();
        for (var i = 0; i < backup.Count; i++)
        {
            var match = now.FindIndex(c => c.Name.Equals(backup[i].Name, StringComparison.OrdinalIgnoreCase));
            if (match < 0)
            {
                missing.Add(backup[i].Name);
            }
            else
            {
                columns.Add(new RestoreColumn(i, now[match].Name, now[match].Type, backup[i].Type, stored.GetValueOrDefault(now[match].Name, now[match].StoreType)));
            }
        }

        var key = modelKey.Select(k => columns.FindIndex(c => c.Name.Equals(k, StringComparison.OrdinalIgnoreCase))).ToList();
        return new RestoreTarget(name, schema, columns, missing, key.Count > 0 && key.All(k => k >= 0) ? key : [], backup.Count);
    }

    /// <summary>The column's .NET type; text for a type the driver has no mapping for (e.g. an enum it wasn't told of).</summary>
    private static Type FieldType(DbDataReader reader, int ordinal)
    {
        try
        {
            return reader.GetFieldType(ordinal);
        }
        catch (InvalidCastException)
        {
            return typeof(string);
        }
    }

    public string Display => Schema is null ? Name : $"{Schema}.{Name}";

    /// <summary>A backed-up row as the values of <see cref="Columns"/>.</summary>
    public object[] Values(JsonElement row)
    {
        if (row.GetArrayLength() < ColumnCount)
        {
            throw new EngineException($"A row of {Display} has {row.GetArrayLength()} values for {ColumnCount} columns: the backup was changed after it was written. Nothing was restored.");
        }

        var values = new object[Columns.Count];
        for (var i = 0; i < values.Length; i++)
        {
            var column = Columns[i];
            try
            {
                values[i] = ValueReader.Read(row[column.BackupIndex], column.Type, column.BackupType);
            }
            catch (FormatException e)
            {
                throw new EngineException($"Column {Display}.{column.Name}: {e.Message}. The backup can't be restored into the table as it is now; nothing was restored.");
            }
        }

        return values;
    }
}
