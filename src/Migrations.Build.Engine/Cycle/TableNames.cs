using Microsoft.EntityFrameworkCore;

namespace Migrations.Build.Engine.Cycle;

/// <summary>
/// The database's tables from its own catalog, for reading them one at a time when EF Core's reader
/// fails on one: each as the cycle names it ("table X", without the default schema) and as the
/// reader's table selection takes it ("schema.table").
/// </summary>
internal static class TableNames
{
    public static IReadOnlyList<(string Key, string Selector)> Of(EngineSession session)
    {
        var provider = session.Context.Database.ProviderName ?? string.Empty;
        var (sql, defaultSchema) = provider.Contains("Sqlite", StringComparison.OrdinalIgnoreCase)
            ? ("SELECT NULL, name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'", (string?)null)
            : provider.Contains("Npgsql", StringComparison.OrdinalIgnoreCase)
                ? ("SELECT table_schema, table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' "
                    + "AND table_schema NOT IN ('pg_catalog', 'information_schema')", "current_schema()")
                : ("SELECT TABLE_SCHEMA, TABLE_NAME FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_TYPE = 'BASE TABLE'", "SCHEMA_NAME()");
        var connection = session.Context.Database.GetDbConnection();
        string? schema = null;
        if (defaultSchema is not null)
        {
            using var current = connection.CreateCommand();
            current.CommandText = "SELECT " + defaultSchema;
            schema = current.ExecuteScalar() as string;
        }

        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var names = new List<(string, string)>();
        while (reader.Read())
        {
            var tableSchema = reader.IsDBNull(0) ? null : reader.GetString(0);
            var name = reader.GetString(1);
            names.Add(("table " + SchemaSnapshot.TableName(tableSchema, name, schema), tableSchema is null ? name : $"{tableSchema}.{name}"));
        }

        return names;
    }
}
