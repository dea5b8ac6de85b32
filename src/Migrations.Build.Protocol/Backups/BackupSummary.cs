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

    /// <summary>Whether the file is gzip-compressed (inside the encryption, if any).</summary>
    public bool Compressed { get; init; }

    /// <summary>Whether the file is encrypted (AES-GCM, key from <see cref="BackupStreams.KeyVariable"/>).</summary>
    public bool Encrypted { get; init; }

    /// <summary>
    /// Reads a backup, streamed (memory stays flat whatever its size), through its compression and
    /// encryption (key from the environment); with <paramref name="verify"/> it recomputes each table's
    /// SHA-256. A file that is not a backup, is truncated, comes from a newer format, or is encrypted
    /// without the right key is an <see cref="InvalidDataException"/> naming what is wrong.
    /// </summary>
    public static BackupSummary Read(string path, bool verify) => BackupSummaryReader.Read(path, verify, headerOnly: false);

    /// <summary>
    /// Reads only the header (who, when, which migration), stopping before the tables: quick for any
    /// size. <see cref="Tables"/> is empty and <see cref="Complete"/> false.
    /// </summary>
    public static BackupSummary ReadHeader(string path) => BackupSummaryReader.Read(path, verify: false, headerOnly: true);
}
