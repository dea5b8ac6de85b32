using System.Data.Common;
using System.Text.Json;

namespace Migrations.Build.Engine.Restore;

/// <summary>
/// Values kept as the database's own text are checked by the database itself before the first
/// write: each column's values, a thousand per round trip, cast to the column's type as it is now.
/// The first it refuses names its row; nothing is written.
/// </summary>
internal sealed class TextValueCheck(DbConnection connection, RestoreTarget target)
{
    private const int Batch = 1000;
    private readonly List<(JsonElement Row, long Number)> _rows = [];
    private readonly int[] _columns = [.. Enumerable.Range(0, target.Columns.Count).Where(i => target.Columns[i].AsText)];

    public void Add(JsonElement row, long number)
    {
        if (_columns.Length == 0)
        {
            return;
        }

        _rows.Add((row, number));
        if (_rows.Count == Batch)
        {
            Flush();
        }
    }

    public void Flush()
    {
        foreach (var c in _columns)
        {
            var column = target.Columns[c];
            var values = _rows.Select(r => r.Row[column.BackupIndex] is { ValueKind: JsonValueKind.String } v ? v.GetString() : null).ToList();
            var refused = target.Dialect.FirstRefused(connection, column, values);
            if (refused >= 0)
            {
                var (row, number) = _rows[refused];
                throw new EngineException($"{target.Display}.{column.Name} at {target.RowName(row, number)}: "
                    + $"the database refuses the backed-up {column.BackupType} text as "
                    + $"{column.StoreType} (the column's type now). The backup can't be restored into the table as it is now; nothing was restored.");
            }
        }

        _rows.Clear();
    }
}
