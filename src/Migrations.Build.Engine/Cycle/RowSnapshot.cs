using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Migrations.Build.Engine.Cycle;

/// <summary>
/// Every row of the compared tables at one point of the cycle, by primary key (by the whole row
/// when a table has none), each value in an invariant text form so that a widened column (int to
/// bigint) compares equal. Meant for seed data: everything is held in memory.
/// </summary>
internal sealed class RowSnapshot
{
    private const int Examples = 3;

    private readonly Dictionary<string, TableRows> _tables;

    private RowSnapshot(Dictionary<string, TableRows> tables) => _tables = tables;

    public int Rows => _tables.Values.Sum(t => t.Rows.Count);

    public int Tables => _tables.Count(t => t.Value.Rows.Count > 0);

    public static RowSnapshot Read(EngineSession session, SchemaReader reader)
    {
        var helper = session.Service<ISqlGenerationHelper>();
        var database = session.Context.Database;
        var tables = new Dictionary<string, TableRows>(StringComparer.Ordinal);
        database.OpenConnection();
        try
        {
            foreach (var table in reader.ReadTables())
            {
                var name = SchemaSnapshot.TableName(table.Schema, table.Name, reader.DefaultSchema);
                var key = table.PrimaryKey?.Columns.Select(c => c.Name).ToList() ?? [];
                var rows = new TableRows(table.Columns.ToDictionary(c => c.Name, c => c.StoreType ?? "?", StringComparer.Ordinal), []);
                using var command = database.GetDbConnection().CreateCommand();
                command.Transaction = database.CurrentTransaction?.GetDbTransaction();
                command.CommandText = "SELECT * FROM " + helper.DelimitIdentifier(table.Name, table.Schema);
                using var data = command.ExecuteReader();
                while (data.Read())
                {
                    var row = Enumerable.Range(0, data.FieldCount).ToDictionary(data.GetName, i => Text(data.GetValue(i)), StringComparer.Ordinal);
                    var id = key.Count > 0 ? string.Join(", ", key.Select(k => $"{k}={row.GetValueOrDefault(k) ?? "NULL"}"))
                        : "(" + string.Join(", ", row.Values) + ")";
                    // Identical rows of a table without a key are told apart by their rank.
                    var unique = id;
                    for (var n = 2; !rows.Rows.TryAdd(unique, row); n++)
                    {
                        unique = $"{id} #{n}";
                    }
                }

                tables[name] = rows;
            }
        }
        finally
        {
            database.CloseConnection();
        }

        return new RowSnapshot(tables);
    }

    /// <summary>
    /// What was lost since this snapshot: rows gone from a table still there, values changed in a
    /// column still there with the same type, values emptied (to NULL) in a retyped column. Tables and
    /// columns no longer there (renamed or dropped) are not compared: the safety rules speak of those.
    /// </summary>
    public IReadOnlyList<string> LostIn(RowSnapshot after)
    {
        var problems = new List<string>();
        foreach (var (name, before) in _tables)
        {
            if (!after._tables.TryGetValue(name, out var now))
            {
                continue;
            }

            var gone = before.Rows.Keys.Where(k => !now.Rows.ContainsKey(k)).ToList();
            if (gone.Count > 0)
            {
                problems.Add($"{name}: {gone.Count} of {before.Rows.Count} row(s) gone ({string.Join("; ", gone.Take(Examples))}{More(gone.Count)})");
            }

            foreach (var (column, type) in before.Types.Where(c => now.Types.ContainsKey(c.Key)))
            {
                var retyped = !string.Equals(type, now.Types[column], StringComparison.OrdinalIgnoreCase);
                var changed = before.Rows
                    .Where(r => now.Rows.TryGetValue(r.Key, out var row) && Lost(r.Value.GetValueOrDefault(column), row.GetValueOrDefault(column), retyped))
                    .Select(r => $"{r.Key}: {Show(r.Value.GetValueOrDefault(column))} → {Show(now.Rows[r.Key].GetValueOrDefault(column))}")
                    .ToList();
                if (changed.Count > 0)
                {
                    problems.Add($"{name}.{column} {(retyped ? "emptied" : "changed")} on {changed.Count} row(s) "
                        + $"({string.Join("; ", changed.Take(Examples))}{More(changed.Count)})");
                }
            }
        }

        return problems;
    }

    /// <summary>A value lost: any change in a column of the same type; in a retyped one only a value become NULL (the text form may differ).</summary>
    private static bool Lost(string? was, string? isNow, bool retyped) => retyped ? was is not null && isNow is null : was != isNow;

    private static string More(int count) => count > Examples ? $"; {count - Examples} more" : string.Empty;

    private static string Show(string? value) => value is null ? "NULL" : $"'{(value.Length > 40 ? value[..40] + "..." : value)}'";

    private static string? Text(object? value) => value switch
    {
        null or DBNull => null,
        string s => s,
        byte[] bytes => Convert.ToBase64String(bytes),
        decimal d => d.ToString("G29", CultureInfo.InvariantCulture),
        DateTime t => t.ToString("O", CultureInfo.InvariantCulture),
        DateTimeOffset t => t.ToString("O", CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    /// <summary>One table's column types and rows, each row by its key.</summary>
    private sealed record TableRows(IReadOnlyDictionary<string, string> Types, Dictionary<string, Dictionary<string, string?>> Rows);
}
