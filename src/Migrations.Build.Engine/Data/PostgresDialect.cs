using System.Data.Common;
using Microsoft.EntityFrameworkCore.Storage;

namespace Migrations.Build.Engine.Data;

/// <summary>
/// PostgreSQL: only the types whose .NET value is exactly the database's are read as values; every
/// other one (arrays, inet, ranges, enums, dates that may be infinite or beyond .NET's range, numeric
/// beyond decimal's, intervals, money, xml, bit strings...) is read and written back as the server's
/// own text, cast to the column's type: the one form PostgreSQL guarantees to read back exactly.
/// </summary>
internal sealed class PostgresDialect(ISqlGenerationHelper sql) : DataDialect(sql)
{
    private static readonly HashSet<string> Exact = new(StringComparer.OrdinalIgnoreCase)
    {
        "smallint", "integer", "bigint", "boolean", "real", "double precision", "text", "character varying", "character", "\"char\"", "name",
        "uuid", "bytea", "jsonb", "citext",
    };

    private static readonly HashSet<string> PlainText = new(StringComparer.OrdinalIgnoreCase) { "text", "character varying", "character",
        "\"char\"", "name", "citext", "" };

    public override bool TakesOwnText => true;

    /// <summary>From the catalog: the driver names a type it has no mapping for (an enum) only "-.-".</summary>
    public override IReadOnlyDictionary<string, string> StoreTypes(DbConnection connection, string table, string? schema)
        => Pairs(connection, "SELECT a.attname::text, format_type(a.atttypid, a.atttypmod) FROM pg_attribute a "
            + "WHERE a.attrelid = to_regclass(@table) AND a.attnum > 0 AND NOT a.attisdropped", ("@table", Sql.DelimitIdentifier(table, schema)));

    /// <summary>
    /// As the planner does: pg_class's rows per page times the pages the table has now (rows added since the last
    /// ANALYZE count). Never vacuumed nor analyzed (reltuples -1 on PostgreSQL 14+, or no page read): the bounded count.
    /// </summary>
    public override long? EstimatedRows(DbConnection connection, string table, string? schema, long cap = 10_000_000)
        => Scalar(connection, null, "SELECT CASE WHEN c.reltuples < 0 OR c.relpages = 0 THEN NULL "
            + "ELSE (c.reltuples::float8 / c.relpages * (pg_relation_size(c.oid) / current_setting('block_size')::int))::bigint END "
            + "FROM pg_class c WHERE c.oid = to_regclass(@table)", ("@table", Sql.DelimitIdentifier(table, schema))) switch
        {
            long rows => rows,
            DBNull => base.EstimatedRows(connection, table, schema, cap),
            _ => null, // no such table
        };

    public override bool ReadsAsText(string storeType) => !Exact.Contains(BaseType(storeType));

    protected override string AsText(string column, string storeType) => $"{column}::text";

    /// <summary>Dates, intervals and money print the same whatever the server's or the role's settings.</summary>
    public override void Prepare(DbConnection connection)
        => Scalar(connection, null, "SET DateStyle = 'ISO, YMD'; SET IntervalStyle = 'postgres'; SET extra_float_digits = 3; SET lc_monetary = 'C'");

    /// <summary>Text into anything but a text column needs a cast: PostgreSQL has no implicit one from the text Npgsql sends.</summary>
    public override string Parameter(string name, RestoreColumn column)
        => column.AsText || (column.Type == typeof(string) && !PlainText.Contains(BaseType(column.StoreType))) ? $"CAST({name} AS {column.StoreType})" : name;

    /// <summary>Values kept as text compare as text: json, xml and points have no equality of their own.</summary>
    public override string Same(string column, string parameter, RestoreColumn target)
        => target.AsText ? $"{column}::text IS NOT DISTINCT FROM {parameter}" : $"{column} IS NOT DISTINCT FROM {Parameter(parameter, target)}";

    public override int FirstRefused(DbConnection connection, RestoreColumn column, IReadOnlyList<string?> values)
    {
        try
        {
            Scalar(connection, null, $"SELECT count(CAST(v AS {column.StoreType})) FROM unnest(@values) AS v", ("@values", values.ToArray()));
            return -1;
        }
        catch (DbException)
        {
            // One of them: find which, to name its row.
            for (var i = 0; i < values.Count; i++)
            {
                try
                {
                    Scalar(connection, null, $"SELECT CAST(CAST(@value AS text) AS {column.StoreType})", ("@value", values[i]));
                }
                catch (DbException)
                {
                    return i;
                }
            }

            return -1;
        }
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
                    $"SELECT setval(pg_get_serial_sequence('{name}', '{literal}'), GREATEST(COALESCE((SELECT MAX({c}) "
                    + $"FROM {Sql.DelimitIdentifier(table, schema)}), 0) + 1, "
                    + $"(SELECT last_value + 1 FROM {sequence})), false)");
            }
        }
    }

    /// <summary>"character varying(20)" is "character varying"; an array ("integer[]") stays an array.</summary>
    private static string BaseType(string storeType)
    {
        var open = storeType.IndexOf('(');
        return open < 0 ? storeType.Trim() : (storeType[..open] + storeType[(storeType.IndexOf(')') + 1)..]).Trim();
    }
}
