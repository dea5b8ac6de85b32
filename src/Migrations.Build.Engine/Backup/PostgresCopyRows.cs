using System.Buffers.Binary;
using System.Data;
using System.Data.Common;
using System.Text.Json;
using Npgsql;

namespace Migrations.Build.Engine.Backup;

/// <summary>
/// PostgreSQL's rows by <c>COPY (select) TO STDOUT (FORMAT BINARY)</c>, decoded here from the raw bytes
/// (<see cref="CopyStream"/>): numbers without boxing, text and bytes from the buffer into the JSON with no
/// string or array between (Npgsql's per-value reads of an export cost more than the SELECT). The select is the
/// backup's own (every type without an exact .NET twin already cast to text), so the values, and the bytes
/// written, are the ones the row-by-row read gives; a field of any other type keeps that read.
/// </summary>
internal sealed class PostgresCopyRows : TableRows
{
    private enum Kind { Int16, Int32, Int64, Boolean, Single, Double, Guid, Bytes, Text, Jsonb, Char }

    private readonly NpgsqlRawCopyStream _raw;
    private readonly CopyStream _copy;
    private readonly Kind[] _kinds;
    private readonly string[] _names;

    private bool _finished;

    private PostgresCopyRows(NpgsqlRawCopyStream raw, Kind[] kinds, IReadOnlyList<(string Name, string Type)> fields)
    {
        _raw = raw;
        _copy = new CopyStream(raw);
        _copy.ReadHeader();
        _kinds = kinds;
        _names = fields.Select(f => f.Name).ToArray();
        Fields = fields;
    }

    public override IReadOnlyList<(string Name, string Type)> Fields { get; }

    /// <summary>The COPY of <paramref name="select"/>; null when a field's type isn't one read here.</summary>
    public static TableRows? Begin(DbConnection connection, string select)
    {
        var npgsql = (NpgsqlConnection)connection;
        var fields = new List<(string Name, string Type)>();
        var kinds = new List<Kind>();
        using (var command = new NpgsqlCommand(select, npgsql))
        using (var schema = command.ExecuteReader(CommandBehavior.SchemaOnly))
        {
            for (var i = 0; i < schema.FieldCount; i++)
            {
                var type = schema.GetFieldType(i);
                if (KindOf(type, schema.GetDataTypeName(i)) is not { } kind)
                {
                    return null;
                }

                fields.Add((schema.GetName(i), type.Name));
                kinds.Add(kind);
            }
        }

        var raw = npgsql.BeginRawBinaryCopy($"COPY ({select}) TO STDOUT (FORMAT BINARY)");
        try
        {
            return new PostgresCopyRows(raw, [.. kinds], fields);
        }
        catch
        {
            raw.Dispose();
            throw;
        }
    }

    public override bool Read()
    {
        var count = _copy.FieldCount();
        if (count == -1)
        {
            _copy.Drain();
            _finished = true;
            return false;
        }

        return count == _kinds.Length ? true
            : throw new InvalidDataException($"The server's COPY sent a row of {count} fields for a select of {_kinds.Length}.");
    }

    public override void WriteValues(Utf8JsonWriter row, string table)
    {
        for (var i = 0; i < _kinds.Length; i++)
        {
            if (!_copy.Field(out var value))
            {
                row.WriteNullValue();
                continue;
            }

            switch (_kinds[i])
            {
                case Kind.Int16: row.WriteNumberValue(BinaryPrimitives.ReadInt16BigEndian(value)); break;
                case Kind.Int32: row.WriteNumberValue(BinaryPrimitives.ReadInt32BigEndian(value)); break;
                case Kind.Int64: row.WriteNumberValue(BinaryPrimitives.ReadInt64BigEndian(value)); break;
                case Kind.Boolean: row.WriteBooleanValue(value[0] != 0); break;
                case Kind.Text: BackupValue.WriteText(row, value); break;
                case Kind.Jsonb: BackupValue.WriteText(row, value[1..]); break; // after jsonb's format version (1)
                case Kind.Guid: row.WriteStringValue(new Guid(value, bigEndian: true).ToString("D")); break;
                case Kind.Bytes: row.WriteBase64StringValue(value); break;
                // With special values (NaN, infinities) or rare: written exactly as the row-by-row read does.
                case Kind.Single: BackupValue.Write(row, BinaryPrimitives.ReadSingleBigEndian(value), table, _names[i]); break;
                case Kind.Double: BackupValue.Write(row, BinaryPrimitives.ReadDoubleBigEndian(value), table, _names[i]); break;
                case Kind.Char: BackupValue.Write(row, (char)value[0], table, _names[i]); break;
            }
        }
    }

    /// <summary>
    /// A COPY that didn't reach its end (an error, Ctrl+C) is cancelled on the server rather than read to its end;
    /// what the cancelled COPY answers is no news, the error or interruption already on its way is.
    /// </summary>
    public override void Dispose()
    {
        if (_finished)
        {
            _raw.Dispose();
            return;
        }

        try
        {
            _raw.Cancel();
            _raw.Dispose();
        }
        catch (Exception e) when (e is NpgsqlException or IOException or InvalidOperationException)
        {
        }
    }

    private static Kind? KindOf(Type type, string storeType) => type switch
    {
        _ when type == typeof(short) => Kind.Int16,
        _ when type == typeof(int) => Kind.Int32,
        _ when type == typeof(long) => Kind.Int64,
        _ when type == typeof(bool) => Kind.Boolean,
        _ when type == typeof(float) => Kind.Single,
        _ when type == typeof(double) => Kind.Double,
        _ when type == typeof(Guid) => Kind.Guid,
        _ when type == typeof(byte[]) && storeType == "bytea" => Kind.Bytes,
        _ when type == typeof(char) && storeType is "char" or "\"char\"" => Kind.Char,
        _ when type == typeof(string) && storeType == "jsonb" => Kind.Jsonb,
        // Text, its kin (varchar, bpchar, name, citext) and whatever the select cast to text: text on the wire.
        _ when type == typeof(string)
            && (storeType is "text" or "name" or "citext" || storeType.StartsWith("character", StringComparison.Ordinal)) => Kind.Text,
        _ => null,
    };
}
