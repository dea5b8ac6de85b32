using System.Globalization;

namespace Migrations.Build.Protocol.Backups;

/// <summary>
/// Builds a <see cref="BackupSummary"/> in one pass of a <see cref="BackupReader"/>: rows are skipped
/// (counted and hashed) one at a time and never kept, so a backup of any size reads in flat memory.
/// </summary>
internal static class BackupSummaryReader
{
    public static BackupSummary Read(string path, bool verify, bool headerOnly)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The backup file {path} does not exist.", path);
        }

        (bool Compressed, bool Encrypted) layers;
        long size;
        using (var file = File.OpenRead(path))
        {
            layers = BackupStreams.Sniff(file);
            size = file.Length;
        }

        using var reader = BackupReader.Open(path, BackupStreams.KeyFromEnvironment());
        var tables = headerOnly ? [] : reader.Verify().Select(t => verify ? t : t with { ChecksumOk = null }).ToList();
        var header = reader.Header;
        return new BackupSummary
        {
            File = path,
            Version = reader.Version,
            CreatedAt = DateTimeOffset.TryParse(header.GetValueOrDefault("createdAt"), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at)
                ? at : null,
            User = header.GetValueOrDefault("user"),
            Machine = header.GetValueOrDefault("machine"),
            Provider = header.GetValueOrDefault("provider"),
            Database = header.GetValueOrDefault("database"),
            Migration = header.GetValueOrDefault("migration"),
            Reason = header.GetValueOrDefault("reason"),
            Complete = reader.Complete,
            Tables = tables,
            Size = size,
            Compressed = layers.Compressed,
            Encrypted = layers.Encrypted,
        };
    }
}
