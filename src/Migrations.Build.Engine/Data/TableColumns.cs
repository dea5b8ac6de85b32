using System.Data.Common;

namespace Migrations.Build.Engine.Data;

/// <summary>A column as the database has it now: its .NET type as the driver reads it, its store type, and whether it is read as text.</summary>
internal sealed record StoreColumn(string Name, Type Type, string StoreType, bool AsText);

/// <summary>Reads a table's columns from the database, and writes the SELECT that reads them without loss.</summary>
internal static class TableColumns
{
    /// <summary>
    /// The table's columns in order; null when the table doesn't answer (it isn't there). A database
    /// that doesn't answer at all is an error, not a missing table.
    /// </summary>
    public static IReadOnlyList<StoreColumn>? Read(DbConnection connection, DataDialect dialect, string table, string? schema)
    {
        var found = new List<(string Name, Type Type, string DriverType)>();
        try
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM {dialect.Sql.DelimitIdentifier(table, schema)} WHERE 1 = 0";
            using var reader = command.ExecuteReader();
            for (var i = 0; i < reader.FieldCount; i++)
            {
                found.Add((reader.GetName(i), FieldType(reader, i), reader.GetDataTypeName(i)));
            }
        }
        catch (DbException)
        {
            using var alive = connection.CreateCommand();
            alive.CommandText = "SELECT 1";
            alive.ExecuteScalar();
            return null;
        }

        var stored = dialect.StoreTypes(connection, table, schema);
        return found.Select(c =>
        {
            var type = stored.GetValueOrDefault(c.Name, c.DriverType);
            return new StoreColumn(c.Name, c.Type, type, dialect.ReadsAsText(type));
        }).ToList();
    }

    /// <summary>SELECT of these columns, each as the dialect reads it without loss.</summary>
    public static string Select(DataDialect dialect, string table, string? schema, IEnumerable<StoreColumn> columns, string? where = null)
        => $"SELECT {string.Join(", ", columns.Select(c => dialect.Select(c.Name, c.StoreType)))} FROM {dialect.Sql.DelimitIdentifier(table, schema)}"
           + (where is null ? string.Empty : " WHERE " + where);

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
}
