using System.Data.Common;
using System.Text.Json;
using Migrations.Build.Engine.Data;
using Migrations.Build.Protocol.Backups;

namespace Migrations.Build.Engine.Restore;

/// <summary>
/// A table as it is in the database now, matched against a table of the backup: which backed-up
/// columns it still has (by name, any case), which it no longer has (reported, never dropped
/// silently), which the database writes itself, and the primary key by which existing rows are
/// updated rather than duplicated.
/// </summary>
internal sealed class RestoreTarget
{
    private RestoreTarget(string name, string? schema, IReadOnlyList<RestoreColumn> columns, IReadOnlyList<string> missing, IReadOnlyList<int> key,
        int columnCount, DataDialect dialect)
    {
        ColumnCount = columnCount;
        Name = name;
        Schema = schema;
        Columns = columns;
        Missing = missing;
        Key = key;
        Dialect = dialect;
    }

    public string Name { get; }

    public string? Schema { get; }

    /// <summary>How many columns the backup's table has (each row has that many values).</summary>
    public int ColumnCount { get; }

    public IReadOnlyList<RestoreColumn> Columns { get; }

    /// <summary>The backup's rows for this table, counted by the check (the restore's progress total).</summary>
    public long BackedUpRows { get; set; }

    /// <summary>Backed-up columns the table no longer has.</summary>
    public IReadOnlyList<string> Missing { get; }

    /// <summary>Backed-up columns the database sets itself (a rowversion), with why: never written back.</summary>
    public IReadOnlyList<string> NotWritten { get; private init; } = [];

    /// <summary>Indexes into <see cref="Columns"/> of the primary key; empty when rows are matched on all their columns.</summary>
    public IReadOnlyList<int> Key { get; }

    public DataDialect Dialect { get; }

    public string Display => Schema is null ? Name : $"{Schema}.{Name}";

    /// <summary>
    /// Reads the table's columns from the database; null when the table doesn't exist now.
    /// <paramref name="sameDatabase"/>: the backup comes from this kind of database, so values it kept
    /// as the database's own text go back as that text.
    /// </summary>
    public static RestoreTarget? Describe(DbConnection connection, DataDialect dialect, string name, string? schema, IReadOnlyList<BackupColumn> backup,
        IReadOnlyList<string> modelKey, bool sameDatabase = true)
    {
        if (TableColumns.Read(connection, dialect, name, schema) is not { } now)
        {
            return null;
        }

        var display = schema is null ? name : $"{schema}.{name}";
        var columns = new List<RestoreColumn>();
        var missing = new List<string>();
        var notWritten = new List<string>();
        for (var i = 0; i < backup.Count; i++)
        {
            var column = now.FirstOrDefault(c => c.Name.Equals(backup[i].Name, StringComparison.OrdinalIgnoreCase));
            if (column is null)
            {
                missing.Add(backup[i].Name);
                continue;
            }

            if (dialect.NotWritten(column.StoreType) is { } why)
            {
                notWritten.Add($"{column.Name} ({why})");
                continue;
            }

            var ownText = backup[i].Text && sameDatabase && dialect.TakesOwnText;
            if (backup[i].Text && !ownText && IsComposite(backup[i].StoreType))
            {
                throw new EngineException($"{display}.{column.Name} was backed up as another database's own text of {backup[i].StoreType}, "
                    + "which only that database reads back exactly. Restore it there, or leave the table out with --tables. Nothing was restored.");
            }

            columns.Add(new RestoreColumn(i, column.Name, column.Type, backup[i].Type, column.StoreType, ownText));
        }

        var key = modelKey.Select(k => columns.FindIndex(c => c.Name.Equals(k, StringComparison.OrdinalIgnoreCase))).ToList();
        return new RestoreTarget(
            name, schema, columns, missing, key.Count > 0 && key.All(k => k >= 0) ? key : [], backup.Count, dialect) { NotWritten = notWritten };
    }

    /// <summary>A backed-up row as the values of <see cref="Columns"/>; <paramref name="number"/> names it when it can't be.</summary>
    public object[] Values(JsonElement row, long number = 0)
    {
        if (row.GetArrayLength() != ColumnCount)
        {
            throw new EngineException($"Row {number} of {Display} has {row.GetArrayLength()} values for {ColumnCount} columns: "
                + "the backup was changed after it was written. Nothing was restored.");
        }

        var values = new object[Columns.Count];
        for (var i = 0; i < values.Length; i++)
        {
            var column = Columns[i];
            var value = row[column.BackupIndex];
            try
            {
                values[i] = column.AsText
                    ? value.ValueKind == JsonValueKind.Null ? DBNull.Value : value.GetString() ?? throw new FormatException("a text value expected")
                    : ValueReader.Read(value, column.Type, column.BackupType);
                if (values[i] is not DBNull && Dialect.Refuses(values[i], column) is { } refused)
                {
                    throw new FormatException(refused);
                }
            }
            catch (Exception e) when (e is FormatException or InvalidOperationException)
            {
                throw new EngineException($"{Display}.{column.Name} at {RowName(row, number)}: {e.Message}. "
                    + "The backup can't be restored into the table as it is now; nothing was restored.");
            }
        }

        return values;
    }

    /// <summary>How a message names a row: by its key's values (what identifies it, never the other data), else by its place.</summary>
    public string RowName(JsonElement row, long number)
        => Key.Count == 0 ? $"row {number}"
            : string.Join(", ", Key.Select(k => $"{Columns[k].Name} = {row[Columns[k].BackupIndex].GetRawText()}"));

    /// <summary>A row's key, as 128 bits: rows with equal keys digest the same (finding a key the backup holds twice).</summary>
    public Guid KeyDigest(JsonElement row) => Digest(Key.Select(k => Columns[k]), row);

    /// <summary>A row's restored values, as 128 bits: rows equal on every column digest the same.</summary>
    public Guid RowDigest(JsonElement row) => Digest(Columns, row);

    private static Guid Digest(IEnumerable<RestoreColumn> columns, JsonElement row)
    {
        var text = string.Join('\u001f', columns.Select(c => row[c.BackupIndex].GetRawText()));
        return new Guid(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)).AsSpan(0, 16));
    }

    /// <summary>Arrays, ranges and the like: a text form no other database reads as the same value.</summary>
    private static bool IsComposite(string? storeType)
        => storeType is not null && (storeType.EndsWith("[]", StringComparison.Ordinal) || storeType.Contains("range", StringComparison.OrdinalIgnoreCase));
}
