using System.Data.Common;

namespace Migrations.Build.Engine.Cycle;

/// <summary>
/// What EF Core's scaffolding reader doesn't report, read from the database's own catalog: sequences
/// (schema, type, start, increment), schemas, views, check constraints, triggers, expression and
/// partial indexes, and each table's whole definition (compared only for a table the reader couldn't read). Only live
/// schemas have these facts, so they count when the cycle compares the database with itself (a
/// Down that leaves a sequence in the schema its Up moved it to), never against the model.
/// </summary>
internal static class CatalogFacts
{
    /// <param name="unread">Keys ("table X") of the tables the scaffolding reader failed on: their definitions stand in for their facts.</param>
    public static IEnumerable<SchemaFact> Read(DbConnection connection, string provider, string? defaultSchema,
        Func<string?, string, bool> include, IReadOnlySet<string> unread)
    {
        var queries = provider.Contains("Sqlite", StringComparison.OrdinalIgnoreCase) ? Sqlite
            : provider.Contains("Npgsql", StringComparison.OrdinalIgnoreCase) ? Postgres
            : provider.Contains("SqlServer", StringComparison.OrdinalIgnoreCase) ? SqlServer
            : [];
        foreach (var (kind, sql) in queries)
        {
            foreach (var (schema, name, table, definition) in Rows(connection, sql))
            {
                var owner = table is null ? null : "table " + SchemaSnapshot.TableName(schema, table, defaultSchema);
                if (!include(schema, table ?? name) || (kind == "index" && !Partial(definition) && (owner is null || !unread.Contains(owner))))
                {
                    continue; // a plain index of a readable table is the reader's fact already
                }

                if (kind == "table" && queries == Sqlite)
                {
                    // SQLite keeps a table's check constraints only inside its CREATE TABLE.
                    foreach (var (check, body) in Checks(definition))
                    {
                        yield return new SchemaFact(FactKind.Catalog, $"check constraint {name}.{check}",
                            $"check constraint {check} on {name}", Normal(body), owner, owner);
                    }
                }

                var qualified = SchemaSnapshot.TableName(schema, name, defaultSchema);
                yield return kind == "table"
                    ? new SchemaFact(FactKind.Catalog, "definition " + owner, $"{owner} (its definition)", Normal(definition), null, owner)
                    : new SchemaFact(FactKind.Catalog, $"{kind} {qualified}",
                        owner is null ? $"{kind} {qualified}" : $"{kind} {name} on {owner["table ".Length..]}",
                        Normal(definition), owner, owner);
            }
        }
    }

    /// <summary>An index the scaffolding reader reports only in part: on an expression, or with a WHERE.</summary>
    private static bool Partial(string definition)
    {
        var columns = definition[(definition.IndexOf('(', StringComparison.Ordinal) + 1)..];
        return definition.Contains(" WHERE ", StringComparison.OrdinalIgnoreCase) || columns.Contains('(', StringComparison.Ordinal);
    }

    /// <summary>The named CHECK constraints of a CREATE TABLE: each name and its parenthesised condition.</summary>
    private static IEnumerable<(string Name, string Body)> Checks(string createTable)
    {
        foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(createTable,
            @"CONSTRAINT\s+[""`\[]?(?<name>[^""`\]\s]+)[""`\]]?\s+CHECK\s*\(",
            System.Text.RegularExpressions.RegexOptions.IgnoreCase))
        {
            var depth = 1;
            var end = m.Index + m.Length;
            while (end < createTable.Length && depth > 0)
            {
                depth += createTable[end] switch { '(' => 1, ')' => -1, _ => 0 };
                end++;
            }

            yield return (m.Groups["name"].Value, createTable[(m.Index + m.Length - 1)..end]);
        }
    }

    private static string Normal(string sql) => string.Join(' ', sql.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));

    private static IEnumerable<(string? Schema, string Name, string? Table, string Definition)> Rows(DbConnection connection, string sql)
    {
        var rows = new List<(string?, string, string?, string)>();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            rows.Add((reader.IsDBNull(0) ? null : reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.IsDBNull(3) ? string.Empty : reader.GetString(3)));
        }

        return rows;
    }

    // Each query: schema, name, owning table (or NULL), definition.
    private static readonly (string Kind, string Sql)[] Sqlite =
    [
        ("table", "SELECT NULL, name, name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"),
        ("index", "SELECT NULL, name, tbl_name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"),
        ("view", "SELECT NULL, name, NULL, sql FROM sqlite_master WHERE type = 'view'"),
        ("trigger", "SELECT NULL, name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger'"),
    ];

    private static readonly (string Kind, string Sql)[] Postgres =
    [
        ("table", "SELECT n.nspname, c.relname, c.relname, string_agg(a.attname || ' ' || format_type(a.atttypid, a.atttypmod) "
            + "|| CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE '' END, ', ' ORDER BY a.attnum) "
            + "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped "
            + "WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') GROUP BY n.nspname, c.relname"),
        ("index", "SELECT schemaname, indexname, tablename, indexdef FROM pg_indexes WHERE schemaname NOT IN ('pg_catalog', 'information_schema')"),
        // Sequences of their own, not those an identity or serial column owns (they come and go with their table).
        ("sequence", "SELECT n.nspname, c.relname, NULL, format_type(q.seqtypid, NULL) || ' start ' || q.seqstart || ' increment ' "
            + "|| q.seqincrement FROM pg_sequence q JOIN pg_class c ON c.oid = q.seqrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
            + "WHERE NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('a', 'i'))"),
        ("view", "SELECT schemaname, viewname, NULL, definition FROM pg_views WHERE schemaname NOT IN ('pg_catalog', 'information_schema')"),
        ("check constraint", "SELECT n.nspname, con.conname, c.relname, pg_get_constraintdef(con.oid) FROM pg_constraint con "
            + "JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE con.contype = 'c'"),
        ("schema", "SELECT NULL, nspname, NULL, '' FROM pg_namespace WHERE nspname NOT IN ('pg_catalog', 'information_schema') AND nspname NOT LIKE 'pg\\_%'"),
    ];

    private static readonly (string Kind, string Sql)[] SqlServer =
    [
        ("table", "SELECT s.name, t.name, t.name, STRING_AGG(CAST(c.name + ' ' + ty.name AS nvarchar(max)), ', ') "
            + "WITHIN GROUP (ORDER BY c.column_id) FROM sys.tables t "
            + "JOIN sys.schemas s ON s.schema_id = t.schema_id JOIN sys.columns c ON c.object_id = t.object_id "
            + "JOIN sys.types ty ON ty.user_type_id = c.user_type_id GROUP BY s.name, t.name"),
        ("index", "SELECT s.name, i.name, t.name, 'INDEX (filtered) WHERE ' + i.filter_definition FROM sys.indexes i "
            + "JOIN sys.tables t ON t.object_id = i.object_id "
            + "JOIN sys.schemas s ON s.schema_id = t.schema_id WHERE i.has_filter = 1"),
        ("sequence", "SELECT s.name, q.name, NULL, TYPE_NAME(q.user_type_id) + ' start ' + CAST(q.start_value AS nvarchar(40)) + ' increment ' "
            + "+ CAST(q.increment AS nvarchar(40)) FROM sys.sequences q JOIN sys.schemas s ON s.schema_id = q.schema_id"),
        ("view", "SELECT s.name, v.name, NULL, OBJECT_DEFINITION(v.object_id) FROM sys.views v JOIN sys.schemas s ON s.schema_id = v.schema_id"),
        ("check constraint", "SELECT s.name, k.name, t.name, k.definition FROM sys.check_constraints k JOIN sys.tables t ON t.object_id = k.parent_object_id "
            + "JOIN sys.schemas s ON s.schema_id = t.schema_id"),
        // Schemas people make: the fixed ones are below 5, the role schemas from 16384.
        ("schema", "SELECT NULL, name, NULL, '' FROM sys.schemas WHERE schema_id BETWEEN 5 AND 16383"),
    ];
}
