using System.Data.Common;
using System.Text.Json;
using SQLitePCL;

namespace Migrations.Build.Engine.Backup;

/// <summary>
/// SQLite's rows through its own statement API on the connection's handle: each value read by its storage
/// class (as <c>GetValue</c> does) without boxing, text and blobs straight from SQLite's buffer into the JSON
/// without a .NET string or array in between. The header is the ADO.NET reader's, asked the same way. The
/// statement is stepped and read through <see cref="SqliteNative"/>; without it, the plain read.
/// </summary>
internal sealed class SqliteStatementRows : TableRows
{
    private readonly DbConnection _connection;
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;
    private readonly IntPtr _handle;
    private readonly SqliteNative _native;
    private readonly string[] _names;

    private SqliteStatementRows(DbConnection connection, sqlite3 db, sqlite3_stmt statement, SqliteNative native,
        IReadOnlyList<(string Name, string Type)> fields)
    {
        _connection = connection;
        _db = db;
        _statement = statement;
        _handle = statement.DangerousGetHandle(); // valid while _statement lives: it is finalized only by Dispose
        _native = native;
        _names = fields.Select(f => f.Name).ToArray();
        Fields = fields;
    }

    public override IReadOnlyList<(string Name, string Type)> Fields { get; }

    /// <summary>
    /// Microsoft.Data.Sqlite is known by reflection only: compiling against it would ask for its SQLitePCLRaw,
    /// newer than some apps' (the handle's, SQLitePCLRaw's own, is the one that must bind).
    /// </summary>
    public static TableRows? Begin(DbConnection connection, string select)
    {
        if (SqliteNative.Instance is not { } native)
        {
            return null;
        }

        IReadOnlyList<(string Name, string Type)> fields;
        using (var command = connection.CreateCommand())
        {
            command.CommandText = select;
            using var reader = command.ExecuteReader();
            fields = new ReaderRows(reader).Fields;
        }

        var db = (sqlite3)connection.GetType().GetProperty("Handle")!.GetValue(connection)!;
        var rc = raw.sqlite3_prepare_v2(db, select, out var statement);
        if (rc != raw.SQLITE_OK)
        {
            statement.Dispose();
            throw Error(connection, db, rc);
        }

        return new SqliteStatementRows(connection, db, statement, native, fields);
    }

    public override unsafe bool Read()
    {
        var rc = _native.Step(_handle);
        if (rc == raw.SQLITE_ROW)
        {
            return true;
        }

        return rc == raw.SQLITE_DONE ? false : throw Error(_connection, _db, rc);
    }

    public override unsafe void WriteValues(Utf8JsonWriter row, string table)
    {
        for (var i = 0; i < _names.Length; i++)
        {
            switch (_native.ColumnType(_handle, i))
            {
                case raw.SQLITE_INTEGER: row.WriteNumberValue(_native.ColumnInt64(_handle, i)); break;
                case raw.SQLITE_FLOAT: BackupValue.Write(row, _native.ColumnDouble(_handle, i), table, _names[i]); break;
                case raw.SQLITE_TEXT: BackupValue.WriteText(row, _native.Text(_handle, i)); break;
                case raw.SQLITE_BLOB: row.WriteBase64StringValue(_native.Blob(_handle, i)); break;
                default: row.WriteNullValue(); break;
            }
        }
    }

    public override void Dispose() => _statement.Dispose();

    /// <summary>The driver's own SqliteException (a DbException: a database error to the engine) with SQLite's message.</summary>
    private static Exception Error(DbConnection connection, sqlite3 db, int rc)
        => (Exception)Activator.CreateInstance(connection.GetType().Assembly.GetType("Microsoft.Data.Sqlite.SqliteException", throwOnError: true)!,
            $"SQLite Error {rc}: '{raw.sqlite3_errmsg(db).utf8_to_string()}'.", rc, raw.sqlite3_extended_errcode(db))!;
}
