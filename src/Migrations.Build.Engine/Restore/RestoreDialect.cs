using System.Data.Common;
using Microsoft.EntityFrameworkCore.Storage;

namespace Migrations.Build.Engine.Restore;

/// <summary>
/// What the providers differ on when rows go back with their own keys: SQL Server refuses explicit
/// values for an identity column unless IDENTITY_INSERT is on; PostgreSQL accepts them but its
/// sequence must then move past them, or the app's next insert collides. SQLite needs neither.
/// </summary>
internal class RestoreDialect(ISqlGenerationHelper sql)
{
    public ISqlGenerationHelper Sql { get; } = sql;

    public static RestoreDialect For(string provider, ISqlGenerationHelper sql)
        => provider.Contains("SqlServer", StringComparison.OrdinalIgnoreCase) ? new SqlServerDialect(sql)
            : provider.Contains("Npgsql", StringComparison.OrdinalIgnoreCase) || provider.Contains("PostgreSQL", StringComparison.OrdinalIgnoreCase) ? new PostgresDialect(sql)
            : new RestoreDialect(sql);

    /// <summary>Each column's type as the database names it, where the driver's own name isn't enough.</summary>
    public virtual IReadOnlyDictionary<string, string> StoreTypes(DbConnection connection, string table, string? schema) => new Dictionary<string, string>();

    /// <summary>A parameter as the SQL names it: as is, or cast to what the column stores.</summary>
    public virtual string Parameter(string name, RestoreColumn column) => name;

    public virtual void BeforeRows(DbConnection connection, DbTransaction transaction, string table, string? schema)
    {
    }

    public virtual void AfterRows(DbConnection connection, DbTransaction transaction, string table, string? schema, IEnumerable<string> columns)
    {
    }

    protected static object? Scalar(DbConnection connection, DbTransaction transaction, string text)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = text;
        return command.ExecuteScalar();
    }

    private sealed class SqlServerDialect(ISqlGenerationHelper sql) : RestoreDialect(sql)
    {
        public override void BeforeRows(DbConnection connection, DbTransaction transaction, string table, string? schema)
            => Identity(connection, transaction, table, schema, "ON");

        public override void AfterRows(DbConnection connection, DbTransaction transaction, string table, string? schema, IEnumerable<string> columns)
            => Identity(connection, transaction, table, schema, "OFF");

        private void Identity(DbConnection connection, DbTransaction transaction, string table, string? schema, string onOff)
        {
            var name = Sql.DelimitIdentifier(table, schema);
            var literal = name.Replace("'", "''", StringComparison.Ordinal);
            Scalar(connection, transaction, $"IF OBJECTPROPERTY(OBJECT_ID(N'{literal}'), 'TableHasIdentity') = 1 SET IDENTITY_INSERT {name} {onOff}");
        }
    }

    private sealed class PostgresDialect(ISqlGenerationHelper sql) : RestoreDialect(sql)
    {
        private static readonly HashSet<string> PlainText = new(StringComparer.OrdinalIgnoreCase) { "text", "character varying", "varchar", "character", "char", "bpchar", "name", "citext", "" };

        /// <summary>
        /// Text into jsonb, json, xml or an enum needs a cast: PostgreSQL has no implicit one from the
        /// text Npgsql sends a string as.
        /// </summary>
        /// <summary>From the catalog: the driver names a type it has no mapping for (an enum) only "-.-".</summary>
        public override IReadOnlyDictionary<string, string> StoreTypes(DbConnection connection, string table, string? schema)
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT a.attname::text, format_type(a.atttypid, a.atttypmod) FROM pg_attribute a "
                + "WHERE a.attrelid = to_regclass(@table) AND a.attnum > 0 AND NOT a.attisdropped";
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@table";
            parameter.Value = Sql.DelimitIdentifier(table, schema);
            command.Parameters.Add(parameter);
            using var reader = command.ExecuteReader();
            var types = new Dictionary<string, string>(StringComparer.Ordinal);
            while (reader.Read())
            {
                types[reader.GetString(0)] = reader.GetString(1);
            }

            return types;
        }

        public override string Parameter(string name, RestoreColumn column)
        {
            var store = column.StoreType.Split('(')[0].Trim();
            return column.Type == typeof(string) && !PlainText.Contains(store) ? $"CAST({name} AS {column.StoreType})" : name;
        }

        public override void AfterRows(DbConnection connection, DbTransaction transaction, string table, string? schema, IEnumerable<string> columns)
        {
            var name = Sql.DelimitIdentifier(table, schema).Replace("'", "''", StringComparison.Ordinal);
            foreach (var column in columns)
            {
                var literal = column.Replace("'", "''", StringComparison.Ordinal);
                var sequence = Scalar(connection, transaction, $"SELECT pg_get_serial_sequence('{name}', '{literal}')");
                if (sequence is string)
                {
                    var c = Sql.DelimitIdentifier(column);
                    Scalar(connection, transaction,
                        $"SELECT setval(pg_get_serial_sequence('{name}', '{literal}'), GREATEST(COALESCE((SELECT MAX({c}) FROM {Sql.DelimitIdentifier(table, schema)}), 0) + 1, "
                        + $"(SELECT last_value + 1 FROM {sequence})), false)");
                }
            }
        }
    }
}
