using System.IO.Compression;
using System.Security.Cryptography;

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

    /// <summary>The key from the environment, or null when none is set; set but blank is refused (<see cref="BackupKey"/>).</summary>
    public static string? KeyFromEnvironment() => BackupKey.FromEnvironment();

    /// <summary>The file name's extension for these layers: .json, .json.gz, .json.enc or .json.gz.enc.</summary>
    public static string Extension(bool compress, bool encrypt)
        => BackupFormat.Extension + (compress ? ".gz" : string.Empty) + (encrypt ? ".enc" : string.Empty);

    /// <summary>Whether a file's name is a finished backup's: plain, compressed or encrypted; a .partial one never is.</summary>
    public static bool IsBackupFile(string path)
        => new[] { Extension(false, false), Extension(true, false), Extension(false, true), Extension(true, true) }
            .Any(e => path.EndsWith(e, StringComparison.Ordinal));

    /// <summary>
    /// Wraps <paramref name="file"/> for writing: gzip when <paramref name="compress"/>, then AES-GCM when
    /// <paramref name="key"/> is set. Disposing the returned stream finishes every layer and the file.
    /// </summary>
    public static Stream OpenWrite(Stream file, bool compress, string? key)
    {
        var encrypted = key is null ? file : new EncryptingStream(file, key, compress);
        return compress ? new GZipStream(encrypted, CompressionLevel.Optimal) : encrypted;
    }

    /// <summary>
    /// Wraps <paramref name="file"/> for reading, undoing whatever layers it has. An encrypted file
    /// without a key, with the wrong key, or changed after writing is an <see cref="InvalidDataException"/>
    /// that says which (and, for a missing key, to set <see cref="KeyVariable"/>). Changes found later,
    /// while reading the returned stream, are reported the same way. Disposing it disposes the file.
    /// </summary>
    public static Stream OpenRead(Stream file, string? key, string path)
    {
        var (compressed, encrypted) = Sniff(file);
        if (!encrypted)
        {
            return compressed ? new GzipReadStream(file, path) : file;
        }

        if (key is null)
        {
            throw new InvalidDataException($"{path} is encrypted: set {KeyVariable} to the key used when it was written.");
        }

        var header = EncryptionHeader.Read(file, path);
        var chunkKey = header.Unlock(key, path);
        var plain = new DecryptingStream(file, header, chunkKey, path);
        CryptographicOperations.ZeroMemory(chunkKey);
        return header.Compressed ? new GzipReadStream(plain, path) : plain;
    }

    /// <summary>
    /// What a file is, from its first bytes: (compressed, encrypted); an encrypted file's header says
    /// whether it is compressed inside. Needs a seekable stream and leaves the position where it was.
    /// </summary>
    public static (bool Compressed, bool Encrypted) Sniff(Stream file)
    {
        var start = file.Position;
        Span<byte> first = stackalloc byte[EncryptionHeader.Magic.Length + 2];
        var read = file.ReadAtLeast(first, first.Length, throwOnEndOfStream: false);
        file.Position = start;
        first = first[..read];
        return EncryptionHeader.Matches(first)
            ? (read == first.Length && (first[^1] & 1) != 0, true)
            : (first.StartsWith(GzipMagic), false);
    }

    private static ReadOnlySpan<byte> GzipMagic => [0x1f, 0x8b];
}
