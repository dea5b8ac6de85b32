using System.Data.Common;
using System.Text.Json;

namespace Migrations.Build.Engine.Backup;

/// <summary>Rows from any ADO.NET reader: each value boxed by <c>GetValue</c>, the way every driver can.</summary>
internal sealed class ReaderRows : TableRows
{
    private readonly DbDataReader _reader;
    private readonly IDisposable? _owner;
    private readonly string[] _names;

    public ReaderRows(DbDataReader reader, IDisposable? owner = null)
    {
        _reader = reader;
        _owner = owner;
        // Asked once: each is a call into the driver (SQLite's, a native call) that a million rows would repeat.
        _names = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToArray();
        Fields = _names.Select((n, i) => (n, reader.GetFieldType(i).Name)).ToArray();
    }

    public override IReadOnlyList<(string Name, string Type)> Fields { get; }

    public override bool Read() => _reader.Read();

    public override void WriteValues(Utf8JsonWriter row, string table)
    {
        for (var i = 0; i < _names.Length; i++)
        {
            var value = _reader.GetValue(i); // DBNull for NULL, as every ADO.NET driver does
            BackupValue.Write(row, value is DBNull ? null : value, table, _names[i]);
        }
    }

    public override void Dispose()
    {
        _reader.Dispose();
        _owner?.Dispose();
    }
}
