using System.Data.Common;
using System.Text.Json;
using Migrations.Build.Engine.Data;
using Microsoft.EntityFrameworkCore.Storage;

namespace Migrations.Build.Engine.Restore;

/// <summary>
/// Puts one table's backed-up rows back, in the restore's transaction: a row whose key is already
/// there is updated (its backed-up columns only: how a rollback's saved column comes back after a
/// re-upgrade); any other row is inserted. A table without a key that has rows is matched on all
/// its columns as a multiset (<see cref="Multiset"/>). An empty table only gets inserts.
/// </summary>
internal sealed class TableRestorer(DbConnection connection, ISqlGenerationHelper sql, DataDialect dialect)
{
    public (long Inserted, long Updated) Restore(RestoreTarget target, IEnumerable<JsonElement> rows, DbTransaction transaction, Action<long> progress)
    {
        var table = sql.DelimitIdentifier(target.Name, target.Schema);
        var hasRows = HasRows(connection, transaction, table);
        dialect.BeforeRows(connection, transaction, target.Name, target.Schema);
        var counts = !hasRows ? (InsertBatched(transaction, table, target, rows, progress), 0L)
            : target.Key.Count > 0 ? Match(transaction, table, target, rows, progress)
            : (Multiset(transaction, table, target, rows, progress), 0L);
        dialect.AfterRows(connection, transaction, target.Name, target.Schema, target.Columns.Select(c => c.Name));
        return counts;
    }

    /// <summary>
    /// Rows without a key, into a table that has rows: the n-th copy of a row in the backup is
    /// inserted only when the table holds fewer than n rows equal to it on every column, so a restore
    /// adds what is missing and never doubles what is there, however often it runs.
    /// </summary>
    private long Multiset(DbTransaction transaction, string table, RestoreTarget target, IEnumerable<JsonElement> rows, Action<long> progress)
    {
        using var insert = Command(transaction, Insert(table, target, 1), target.Columns.Count, i => IsBinary(target, i));
        using var count = Command(transaction, $"SELECT COUNT(*) FROM {table} WHERE "
            + string.Join(" AND ", target.Columns.Select((c, i) => dialect.Same(sql.DelimitIdentifier(c.Name), "@p" + i, c))),
            target.Columns.Count, i => IsBinary(target, i));
        var seen = new Dictionary<Guid, long>();
        long inserted = 0, read = 0;
        foreach (var row in rows)
        {
            var values = target.Values(row, ++read);
            var copy = target.RowDigest(row);
            seen[copy] = seen.GetValueOrDefault(copy) + 1;
            if (Convert.ToInt64(Scalar(count, values), System.Globalization.CultureInfo.InvariantCulture) < seen[copy])
            {
                Run(insert, values);
                inserted++;
            }

            if (read % 10_000 == 0)
            {
                progress(read);
            }
        }

        return inserted;
    }

    /// <summary>
    /// Into a table that has rows: each row by its key, updated when it is there (or, when only key
    /// columns were backed up, left as it is), inserted when it isn't.
    /// </summary>
    private (long Inserted, long Updated) Match(DbTransaction transaction, string table, RestoreTarget target,
        IEnumerable<JsonElement> rows, Action<long> progress)
    {
        var updates = target.Columns.Count > target.Key.Count;
        using var insert = Command(transaction, Insert(table, target, 1), target.Columns.Count, i => IsBinary(target, i));
        using var update = updates ? Command(transaction, Update(table, target), target.Columns.Count, i => IsBinary(target, UpdateOrder(target)[i])) : null;
        using var exists = updates ? null : Command(transaction, Exists(table, target), target.Key.Count);
        long inserted = 0, updated = 0, seen = 0;
        foreach (var row in rows)
        {
            var values = target.Values(row, seen + 1);
            if (update is not null && Run(update, UpdateOrder(target, values)) > 0)
            {
                updated++;
            }
            else if (exists is null
                || Convert.ToInt64(Scalar(exists, target.Key.Select(k => values[k]).ToArray()), System.Globalization.CultureInfo.InvariantCulture) == 0)
            {
                Run(insert, values);
                inserted++;
            }

            if (++seen % 10_000 == 0)
            {
                progress(seen);
            }
        }

        return (inserted, updated);
    }

    /// <summary>
    /// Into a table with nothing to match: many rows per statement, so a server round trip carries a
    /// thousand values, not one row's (within every provider's parameter limit; SQL Server's is 2 100).
    /// </summary>
    private long InsertBatched(DbTransaction transaction, string table, RestoreTarget target, IEnumerable<JsonElement> rows, Action<long> progress)
    {
        var width = Math.Max(1, target.Columns.Count);
        var size = Math.Max(1, 1000 / width);
        using var full = Command(transaction, Insert(table, target, size), size * width, i => IsBinary(target, i % width));
        var batch = new List<object>(size * width);
        long inserted = 0, read = 0;
        foreach (var row in rows)
        {
            batch.AddRange(target.Values(row, ++read));
            if (batch.Count == size * width)
            {
                Run(full, [.. batch]);
                batch.Clear();
                inserted += size;
                if (inserted % 10_000 < size)
                {
                    progress(inserted);
                }
            }
        }

        if (batch.Count > 0)
        {
            using var rest = Command(transaction, Insert(table, target, batch.Count / width), batch.Count, i => IsBinary(target, i % width));
            Run(rest, [.. batch]);
            inserted += batch.Count / width;
        }

        return inserted;
    }

    private string Insert(string table, RestoreTarget target, int rows)
        => $"INSERT INTO {table} ({string.Join(", ", target.Columns.Select(c => sql.DelimitIdentifier(c.Name)))}) VALUES "
           + string.Join(", ",
               Enumerable.Range(0, rows)
                   .Select(r => $"({string.Join(", ", target.Columns.Select((c, i) => dialect.Parameter("@p" + (r * target.Columns.Count + i), c)))})"));

    /// <summary>UPDATE ... SET non-key columns WHERE key columns: parameters in that order.</summary>
    private string Update(string table, RestoreTarget target)
    {
        var set = NonKey(target).Select((c, i) => $"{sql.DelimitIdentifier(target.Columns[c].Name)} = {dialect.Parameter($"@p{i}", target.Columns[c])}");
        var offset = target.Columns.Count - target.Key.Count;
        var where = target.Key.Select((c, i) => $"{sql.DelimitIdentifier(target.Columns[c].Name)} = {dialect.Parameter($"@p{offset + i}", target.Columns[c])}");
        return $"UPDATE {table} SET {string.Join(", ", set)} WHERE {string.Join(" AND ", where)}";
    }

    private string Exists(string table, RestoreTarget target)
        => $"SELECT COUNT(*) FROM {table} WHERE {string.Join(" AND ", target.Key.Select((c, i) =>
            $"{sql.DelimitIdentifier(target.Columns[c].Name)} = {dialect.Parameter($"@p{i}", target.Columns[c])}"))}";

    private static IEnumerable<int> NonKey(RestoreTarget target) => Enumerable.Range(0, target.Columns.Count).Where(i => !target.Key.Contains(i));

    private static object[] UpdateOrder(RestoreTarget target, object[] values)
        => [.. UpdateOrder(target).Select(i => values[i])];

    /// <summary>Which column each UPDATE parameter is: the non-key columns, then the key.</summary>
    private static int[] UpdateOrder(RestoreTarget target) => [.. NonKey(target), .. target.Key];

    private static bool IsBinary(RestoreTarget target, int column) => target.Columns[column].Type == typeof(byte[]);

    internal static bool HasRows(DbConnection connection, DbTransaction? transaction, string table)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT CASE WHEN EXISTS (SELECT 1 FROM {table}) THEN 1 ELSE 0 END";
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }

    private DbCommand Command(DbTransaction transaction, string text, int parameters, Func<int, bool>? binary = null)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = text;
        for (var i = 0; i < parameters; i++)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@p" + i;
            if (binary?.Invoke(i) == true)
            {
                parameter.DbType = System.Data.DbType.Binary; // SQL Server won't take an untyped NULL into varbinary
            }

            command.Parameters.Add(parameter);
        }

        return command;
    }

    private static int Run(DbCommand command, object[] values)
    {
        Bind(command, values);
        return command.ExecuteNonQuery();
    }

    private static object? Scalar(DbCommand command, object[] values)
    {
        Bind(command, values);
        return command.ExecuteScalar();
    }

    private static void Bind(DbCommand command, object[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i];
        }
    }
}
