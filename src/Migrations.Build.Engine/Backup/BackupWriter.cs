using System.Buffers;
using System.Data.Common;
using System.Text.Json;
using Migrations.Build.Engine.Data;
using Migrations.Build.Protocol;
using Migrations.Build.Protocol.Backups;

namespace Migrations.Build.Engine.Backup;

/// <summary>
/// Streams tables into a backup file: rows go from the data reader to the file one at a time, so
/// memory stays flat whatever the table size. Written to a .partial file and renamed when complete,
/// so an interrupted backup is never mistaken for a good one. Compression and encryption are layers
/// under the JSON (<see cref="BackupStreams"/>); the checksums are over the plain rows.
/// </summary>
internal sealed class BackupWriter : IDisposable
{
    private readonly Stream _layers;
    private readonly Utf8JsonWriter _json;
    private readonly string _partial;
    private readonly string _final;
    private bool _done;

    // Text stays readable (any Unicode as itself); the checksum is over exactly these bytes.
    private static readonly JsonWriterOptions Options = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public BackupWriter(string path, IReadOnlyDictionary<string, string?> header, bool compress = false, string? key = null)
    {
        _final = path;
        _partial = path + ".partial";
        var file = new FileStream(_partial, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        _layers = BackupStreams.OpenWrite(file, compress, key);
        _json = new Utf8JsonWriter(_layers, Options);
        _json.WriteStartObject();
        _json.WriteString("format", BackupFormat.Name);
        _json.WriteNumber("version", BackupFormat.Version);
        foreach (var (name, value) in header)
        {
            _json.WriteString(name, value);
        }

        _json.WriteStartArray("tables");
    }

    /// <summary>Writes one table from a reader over its rows; see the overload over <see cref="TableRows"/>.</summary>
    public long WriteTable(string name, string? schema, DbDataReader reader, IReadOnlyList<StoreColumn>? columns = null, Action<long>? progress = null)
        => WriteTable(name, schema, new ReaderRows(reader), columns, progress);

    /// <summary>
    /// Writes one table's rows; returns their number. <paramref name="columns"/>, when known, records each
    /// column's store type and which were read as the database's own text.
    /// </summary>
    public long WriteTable(string name, string? schema, TableRows source, IReadOnlyList<StoreColumn>? columns = null, Action<long>? progress = null)
    {
        _json.WriteStartObject();
        _json.WriteString("name", name);
        _json.WriteString("schema", schema);
        _json.WriteStartArray("columns");
        foreach (var (field, type) in source.Fields)
        {
            _json.WriteStartObject();
            _json.WriteString("name", field);
            _json.WriteString("type", type);
            if (columns?.FirstOrDefault(c => c.Name == field) is { } column)
            {
                _json.WriteString("storeType", column.StoreType);
                if (column.AsText)
                {
                    _json.WriteBoolean("text", true);
                }
            }

            _json.WriteEndObject();
        }

        _json.WriteEndArray();
        _json.WriteStartArray("rows");
        using var checksum = new RowChecksum();
        var buffer = new ArrayBufferWriter<byte>();
        using var row = new Utf8JsonWriter(buffer, Options);
        long rows = 0;
        while (source.Read())
        {
            buffer.ResetWrittenCount();
            row.Reset(buffer);
            row.WriteStartArray();
            source.WriteValues(row, name);
            row.WriteEndArray();
            row.Flush();
            if (buffer.WrittenCount > BackupLimits.Row)
            {
                // Never write what restore would refuse to read.
                throw new EngineException($"A row of {name} is {buffer.WrittenCount >> 20} MiB as JSON, "
                    + $"over the {BackupLimits.Row >> 20} MiB a backup row may be; "
                    + "nothing was backed up and nothing changed. Leave the table out with --tables and back it up with the database's own tools.");
            }

            checksum.Add(buffer.WrittenSpan);
            _json.WriteRawValue(buffer.WrittenSpan, skipInputValidation: true);
            if (_json.BytesPending > 1 << 20)
            {
                _json.Flush(); // wide rows: never hold more than about a megabyte
            }

            if (++rows % 10_000 == 0)
            {
                _json.Flush();
                progress?.Invoke(rows);
            }
        }

        _json.WriteEndArray();
        _json.WriteNumber("rowCount", rows);
        _json.WriteString("sha256", checksum.Finish());
        _json.WriteEndObject();
        _json.Flush();
        return rows;
    }

    /// <summary>Ends the document, marks it complete, and gives it its final name.</summary>
    public void Complete()
    {
        _json.WriteEndArray();
        _json.WriteBoolean("complete", true);
        _json.WriteEndObject();
        _json.Dispose();
        _layers.Dispose();

        // Disposing the layers wrote their ends and closed the file; only then can it go to disk.
        using (var written = new FileStream(_partial, FileMode.Open, FileAccess.Write))
        {
            written.Flush(flushToDisk: true);
        }

        File.Move(_partial, _final);
        _done = true;
    }

    /// <summary>An unfinished backup is removed: it must never be taken for a good one.</summary>
    public void Dispose()
    {
        if (_done)
        {
            return;
        }

        try
        {
            _json.Dispose();
            _layers.Dispose();
        }
        finally
        {
            File.Delete(_partial);
        }
    }
}
