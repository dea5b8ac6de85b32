using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Migrations.Build.Protocol.Backups;

/// <summary>A table in a backup: its row count and whether its checksum holds.</summary>
public sealed record BackupTable(string Name, string? Schema, long Rows, string Sha256, bool? ChecksumOk);

/// <summary>What a backup file holds: header, tables, row counts, checksums.</summary>
public sealed record BackupSummary
{
    public required string File { get; init; }

    public int Version { get; init; }

    public DateTimeOffset? CreatedAt { get; init; }

    public string? User { get; init; }

    public string? Machine { get; init; }

    public string? Provider { get; init; }

    public string? Database { get; init; }

    public string? Migration { get; init; }

    public string? Reason { get; init; }

    public bool Complete { get; init; }

    public long Size { get; init; }

    public IReadOnlyList<BackupTable> Tables { get; init; } = [];

    public long TotalRows => Tables.Sum(t => t.Rows);

    /// <summary>
    /// Reads a backup (the whole document: fine for reports; restore streams); with <paramref name="verify"/> it
    /// recomputes each table's SHA-256. A file that is not a backup, is truncated, or comes from a
    /// newer format is a <see cref="InvalidDataException"/> naming what is wrong.
    /// </summary>
    public static BackupSummary Read(string path, bool verify)
    {
        if (!System.IO.File.Exists(path))
        {
            throw new FileNotFoundException($"The backup file {path} does not exist.", path);
        }

        using var stream = System.IO.File.OpenRead(path);
        try
        {
            return Parse(path, stream, verify);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not a complete backup file ({e.Message}); it may be truncated or not a backup.", e);
        }
    }

    private static BackupSummary Parse(string path, Stream stream, bool verify)
    {
        using var document = JsonDocument.Parse(stream, new JsonDocumentOptions { MaxDepth = 64 });
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("format", out var format) || format.GetString() != BackupFormat.Name)
        {
            throw new InvalidDataException($"{path} is not a Migrations.Build backup.");
        }

        var version = root.GetProperty("version").GetInt32();
        if (version > BackupFormat.Version)
        {
            throw new InvalidDataException($"{path} is backup format {version}, newer than this version reads ({BackupFormat.Version}). Update Migrations.Build.");
        }

        var tables = root.GetProperty("tables").EnumerateArray().Select(t =>
        {
            var sha = t.GetProperty("sha256").GetString()!;
            bool? ok = verify ? Checksum(t.GetProperty("rows")) == sha : null;
            return new BackupTable(t.GetProperty("name").GetString()!, t.GetProperty("schema").GetString(), t.GetProperty("rowCount").GetInt64(), sha, ok);
        }).ToList();

        string? Text(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        return new BackupSummary
        {
            File = path,
            Version = version,
            CreatedAt = root.TryGetProperty("createdAt", out var at) ? at.GetDateTimeOffset() : null,
            User = Text("user"),
            Machine = Text("machine"),
            Provider = Text("provider"),
            Database = Text("database"),
            Migration = Text("migration"),
            Reason = Text("reason"),
            Complete = root.TryGetProperty("complete", out var complete) && complete.GetBoolean(),
            Size = stream.Length,
            Tables = tables,
        };
    }

    /// <summary>SHA-256 over each row's compact JSON text, one per line: what the writer hashes as it writes.</summary>
    public static string Checksum(JsonElement rows)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var row in rows.EnumerateArray())
        {
            sha.AppendData(Encoding.UTF8.GetBytes(row.GetRawText() + "\n"));
        }

        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}
