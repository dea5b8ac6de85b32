using System.Data;
using System.Data.Common;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace Migrations.Build.Engine.Backup;

/// <summary>
/// PostgreSQL's rows by <c>COPY (select) TO STDOUT (FORMAT BINARY)</c>: the server streams them without a
/// round trip per batch, and each value is read as its exact .NET type without boxing. The select is the
/// backup's own (every type without an exact .NET twin already cast to text), so the values, and the bytes
/// written, are the ones the row-by-row read gives; a field of any other type keeps that read.
/// </summary>
internal sealed class PostgresCopyRows : TableRows
{
    private enum Kind { Int16, Int32, Int64, Boolean, Single, Double, Guid, Bytes, Text, Jsonb, Char }

    private readonly NpgsqlBinaryExporter _export;
    private readonly Kind[] _kinds;
    private readonly string[] _names;
    private int _columns;

    private PostgresCopyRows(NpgsqlBinaryExporter export, Kind[] kinds, IReadOnlyList<(string Name, string Type)> fields)
    {
        _export = export;
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

        return new PostgresCopyRows(npgsql.BeginBinaryExport($"COPY ({select}) TO STDOUT (FORMAT BINARY)"), [.. kinds], fields);
    }

    public override bool Read() => (_columns = _export.StartRow()) >= 0;

    public override void WriteValues(Utf8JsonWriter row, string table)
    {
        for (var i = 0; i < _columns; i++)
        {
            if (_export.IsNull)
            {
                _export.Skip();
                row.WriteNullValue();
                continue;
            }

            switch (_kinds[i])
            {
                case Kind.Int16: row.WriteNumberValue(_export.Read<short>(NpgsqlDbType.Smallint)); break;
                case Kind.Int32: row.WriteNumberValue(_export.Read<int>(NpgsqlDbType.Integer)); break;
                case Kind.Int64: row.WriteNumberValue(_export.Read<long>(NpgsqlDbType.Bigint)); break;
                case Kind.Boolean: row.WriteBooleanValue(_export.Read<bool>(NpgsqlDbType.Boolean)); break;
                case Kind.Text: row.WriteStringValue(_export.Read<string>(NpgsqlDbType.Text)); break;
                case Kind.Jsonb: row.WriteStringValue(_export.Read<string>(NpgsqlDbType.Jsonb)); break;
                case Kind.Guid: row.WriteStringValue(_export.Read<Guid>(NpgsqlDbType.Uuid).ToString("D")); break;
                case Kind.Bytes: row.WriteBase64StringValue(_export.Read<byte[]>(NpgsqlDbType.Bytea)); break;
                // Rare or with special values (NaN, infinities): written exactly as the row-by-row read does.
                case Kind.Single: BackupValue.Write(row, _export.Read<float>(NpgsqlDbType.Real), table, _names[i]); break;
                case Kind.Double: BackupValue.Write(row, _export.Read<double>(NpgsqlDbType.Double), table, _names[i]); break;
                case Kind.Char: BackupValue.Write(row, _export.Read<char>(NpgsqlDbType.InternalChar), table, _names[i]); break;
            }
        }
    }

    /// <summary>Disposing a COPY that didn't reach its end (an error, Ctrl+C) cancels it on the server.</summary>
    public override void Dispose() => _export.Dispose();

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
        _ when type == typeof(string) && (storeType is "text" or "name" or "citext" || storeType.StartsWith("character", StringComparison.Ordinal)) => Kind.Text,
        _ => null,
    };
}
