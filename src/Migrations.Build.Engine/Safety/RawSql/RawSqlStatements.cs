using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace Migrations.Build.Engine.Safety.RawSql;

/// <summary>
/// Reads a Sql() call's statements and turns each one it recognises into the EF Core operation it
/// performs: ALTER TABLE ... DROP COLUMN into DropColumnOperation, DROP TABLE into DropTableOperation,
/// TRUNCATE, DELETE and UPDATE without WHERE into <see cref="RawRowsOperation"/>. So the rules,
/// validate's count and rollback's backup see a raw drop as they see a typed one. What it doesn't
/// recognise, and statements on EF Core's own bookkeeping tables, stay raw SQL (MIG501).
/// </summary>
internal sealed class RawSqlStatements
{
    public const string DefaultHistoryTable = "__EFMigrationsHistory";

    // EF Core's migrations lock table (EF Core 9, SQLite).
    private const string LockTable = "__EFMigrationsLock";

    // After DROP in ALTER TABLE, these say something other than a column is dropped.
    private static readonly HashSet<string> NotColumns = new(StringComparer.OrdinalIgnoreCase)
    {
        "CONSTRAINT", "INDEX", "PRIMARY", "FOREIGN", "CHECK", "DEFAULT", "KEY", "UNIQUE", "PERIOD", "SYSTEM", "EXPRESSION", "IDENTITY", "NOT",
    };

    // Transaction control around the statements changes nothing by itself.
    private static readonly HashSet<string> Neutral = new(StringComparer.OrdinalIgnoreCase)
    {
        "BEGIN", "BEGIN TRANSACTION", "BEGIN WORK", "START TRANSACTION", "COMMIT", "COMMIT TRANSACTION", "COMMIT WORK", "END", "END TRANSACTION",
    };

    private readonly bool _foldsToLower;
    private readonly HashSet<string> _efTables;

    /// <param name="postgreSql">PostgreSQL folds unquoted names to lower case; the others keep them as written.</param>
    /// <param name="historyTable">The migrations history table's configured name.</param>
    public RawSqlStatements(bool postgreSql, string? historyTable = null)
    {
        _foldsToLower = postgreSql;
        _efTables = new(StringComparer.OrdinalIgnoreCase) { historyTable ?? DefaultHistoryTable, LockTable };
    }

    /// <summary>
    /// The operations a Sql() call performs: one per recognised statement, in order, then one SqlOperation
    /// holding the statements not recognised (the call itself when none was).
    /// </summary>
    public IReadOnlyList<MigrationOperation> Expand(SqlOperation sql)
    {
        var recognised = new List<MigrationOperation>();
        var rest = new List<string>();
        var all = 0;
        foreach (var (start, end, tokens) in SqlTokens.Statements(sql.Sql))
        {
            all++;
            if (Recognise(tokens, sql.Sql, end) is { } operations)
            {
                recognised.AddRange(operations);
            }
            else
            {
                rest.Add(sql.Sql[start..end].Trim());
            }
        }

        if (all == 0 || rest.Count == all)
        {
            return [sql];
        }

        if (rest.Count > 0)
        {
            recognised.Add(new SqlOperation { Sql = string.Join(";\n", rest) + ";", SuppressTransaction = sql.SuppressTransaction });
        }

        return recognised;
    }

    /// <summary>The operations one statement performs (empty: none that matters), or null when it isn't recognised.</summary>
    internal IReadOnlyList<MigrationOperation>? Recognise(IReadOnlyList<SqlToken> tokens, string sql, int end)
    {
        var text = sql[tokens[0].Start..end].Trim();
        if (Neutral.Contains(string.Join(' ', tokens.Select(t => t.Quoted || t.Literal ? "?" : t.Text))))
        {
            return [];
        }

        var read = new TokenReader(tokens);
        var operations = read.Accept("ALTER") ? AlterTableDropColumns(read)
            : read.Accept("DROP") ? DropTables(read)
            : read.Accept("TRUNCATE") ? Truncate(read, text)
            : read.Accept("DELETE") ? Delete(read, sql, end, afterCte: false)
            : read.Accept("UPDATE") ? Update(read, text)
            : read.Accept("WITH") && read.SkipToTopLevel("DELETE") ? Delete(read, sql, end, afterCte: true)
            : null;

        // EF Core's own tables hold its bookkeeping, not the app's data.
        return operations is not null && operations.OfType<ITableMigrationOperation>().Any(o => _efTables.Contains(o.Table)) ? null : operations;
    }

    private List<MigrationOperation>? AlterTableDropColumns(TokenReader read)
    {
        if (!read.Accept("TABLE"))
        {
            return null;
        }

        read.Accept("IF", "EXISTS");
        read.Accept("ONLY");
        if (Table(read) is not var (table, schema))
        {
            return null;
        }

        read.Accept("*");
        var drops = new List<MigrationOperation>();
        while (true)
        {
            // PostgreSQL: DROP [COLUMN] a, DROP [COLUMN] b; SQL Server: DROP COLUMN a, b.
            if (read.Accept("DROP"))
            {
                if (read.Peek is { } next && !next.Quoted && NotColumns.Contains(next.Text))
                {
                    return null;
                }

                read.Accept("COLUMN");
                read.Accept("IF", "EXISTS");
            }
            else if (drops.Count == 0)
            {
                return null;
            }

            if (read.Name() is not { } column)
            {
                return null;
            }

            drops.Add(new DropColumnOperation { Table = table, Schema = schema, Name = Fold(column) });
            _ = read.Accept("CASCADE") || read.Accept("RESTRICT");
            if (read.AtEnd)
            {
                return drops;
            }

            if (!read.Accept(","))
            {
                return null;
            }
        }
    }

    private List<MigrationOperation>? DropTables(TokenReader read)
    {
        if (!read.Accept("TABLE"))
        {
            return null;
        }

        read.Accept("IF", "EXISTS");
        var drops = new List<MigrationOperation>();
        do
        {
            if (Table(read) is not var (table, schema))
            {
                return null;
            }

            drops.Add(new DropTableOperation { Name = table, Schema = schema });
        }
        while (read.Accept(","));

        _ = read.Accept("CASCADE") || read.Accept("RESTRICT");
        return read.AtEnd ? drops : null;
    }

    private List<MigrationOperation> Truncate(TokenReader read, string text)
    {
        read.Accept("TABLE");
        var emptied = new List<MigrationOperation>();
        do
        {
            read.Accept("ONLY");
            if (Table(read) is not var (table, schema))
            {
                // Still a TRUNCATE: rows go, from a table not read here (rollback then refuses to guess).
                return [new RawRowsOperation { Kind = RawRowsKind.Truncate, Statement = text }];
            }

            read.Accept("*");
            emptied.Add(new RawRowsOperation { Table = table, Schema = schema, Kind = RawRowsKind.Truncate, Statement = text });
        }
        while (read.Accept(","));

        return emptied;
    }

    private List<MigrationOperation> Delete(TokenReader read, string sql, int end, bool afterCte)
    {
        var text = sql[read.TokenAt(0).Start..end].Trim();
        // SQL Server's DELETE TOP (n) deletes some rows, not said which.
        var top = read.Accept("TOP");
        if (top)
        {
            read.SkipParentheses();
        }

        read.Accept("FROM");
        read.Accept("ONLY");
        var at = read.Position;
        if (Table(read) is not var (table, schema))
        {
            return [new RawRowsOperation { Kind = RawRowsKind.Delete, Filtered = true, Statement = text }];
        }

        read.Accept("*");
        var from = read.TokenAt(at).Start;
        var tail = read.Rest();

        // Only "[AS] alias WHERE ..." or nothing after the table keeps SELECT COUNT(*) FROM <the same> valid.
        var alias = tail.Count > 0 && tail[0].Is("AS") ? 2 : tail.Count > 0 && tail[0].IsName && !tail[0].Is("WHERE") ? 1 : 0;
        var simple = !afterCte && !top && (tail.Count == alias ? alias == 0 : tail.Count > alias && tail[alias].Is("WHERE"));
        var filtered = top || TokenReader.TopLevel(tail).Any(t => t.Is("WHERE") || t.Is("USING") || t.Is("FROM") || t.Is("JOIN"));
        return [new RawRowsOperation
        {
            Table = table, Schema = schema, Kind = RawRowsKind.Delete, Filtered = filtered, Statement = text,
            CountFrom = simple ? sql[from..end].Trim() : null,
        }];
    }

    private List<MigrationOperation>? Update(TokenReader read, string text)
    {
        read.Accept("ONLY");
        if (read.Peek?.Is("TOP") == true || Table(read) is not var (table, schema))
        {
            return null;
        }

        // WHERE filters; FROM joins (SQL Server, PostgreSQL) filter too: not every row, so left to review.
        var rest = TokenReader.TopLevel(read.Rest()).ToList();
        if (!rest.Any(t => t.Is("SET")) || rest.Any(t => t.Is("WHERE") || t.Is("FROM")))
        {
            return null;
        }

        return [new RawRowsOperation { Table = table, Schema = schema, Kind = RawRowsKind.Update, Statement = text }];
    }

    /// <summary>A table name: name, schema.name or database.schema.name, folded as the provider folds it.</summary>
    private (string Table, string? Schema)? Table(TokenReader read)
    {
        var parts = new List<SqlToken>();
        while (read.Peek is { IsName: true } part && !(parts.Count == 0 && !part.Quoted && part.Text.Equals("WHERE", StringComparison.OrdinalIgnoreCase)))
        {
            parts.Add(read.Next());
            if (!read.Accept("."))
            {
                break;
            }
        }

        return parts.Count == 0 ? null : (Fold(parts[^1]), parts.Count > 1 ? Fold(parts[^2]) : null);
    }

    private string Fold(SqlToken name) => name.Quoted || !_foldsToLower ? name.Text : name.Text.ToLowerInvariant();
}
