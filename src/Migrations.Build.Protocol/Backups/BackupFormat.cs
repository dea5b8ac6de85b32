namespace Migrations.Build.Protocol.Backups;

/// <summary>
/// The backup file format (version 2), one JSON document streamed table by table:
/// <code>
/// {"format":"migrations-build-backup","version":1,"createdAt":"...Z","user":"...","machine":"...",
///  "provider":"...","database":"(masked)","migration":"...","reason":"...",
///  "tables":[{"name":"Members","schema":null,"columns":[{"name":"Id","type":"Int64"}...],
///             "rows":[[1,"Ada",...],...],"rowCount":2,"sha256":"..."}],
///  "complete":true}
/// </code>
/// Each table's SHA-256 is over its rows exactly as written (the JSON text of each row, one per
/// line). <c>complete</c> is written last, so a truncated file is never taken for a good one.
/// Values keep their type: integers as numbers; decimals, dates (ISO 8601 with offset), GUIDs as
/// strings; binary as base64. Version 2 adds each column's <c>storeType</c> (the database's name
/// for it) and <c>"text": true</c> on a column whose values are the database's own text form of
/// them (PostgreSQL's arrays, ranges, inet, enums, dates...: the one form read back exactly);
/// version 1 files still read.
/// </summary>
public static class BackupFormat
{
    public const string Name = "migrations-build-backup";
    public const int Version = 2;
    public const string DefaultFolder = "migrations-backups";
    public const string Extension = ".json";

    /// <summary>name_yyyyMMdd_HHmmss.json (or the layers' extension, see <see cref="BackupStreams.Extension"/>).</summary>
    public static string FileName(string name, DateTime utc, string extension = Extension) => $"{name}_{utc:yyyyMMdd_HHmmss}{extension}";
}
