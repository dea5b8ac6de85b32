using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Migrations.Build.Protocol.Backups;

/// <summary>
/// The header of an encrypted backup (55 bytes, integers big-endian), also the associated data of
/// every chunk, so no byte of it can change unnoticed:
/// <code>
///  0  8  magic "MIGBKENC"
///  8  1  version (1)
///  9  1  flags: bit 0 = the encrypted data is gzip
/// 10  1  key kind: 1 = a 32-byte key given as base64, 2 = a passphrase (PBKDF2-SHA256)
/// 11  1  log2 of the plaintext chunk size (16 = 64 KiB)
/// 12  4  PBKDF2 iterations (0 for a key)
/// 16 16  salt (random per file)
/// 32  7  nonce prefix (random per file)
/// 39 16  key check: HKDF-SHA256(master, salt, "migrations-build key check"), 16 bytes
/// </code>
/// The chunk key is HKDF-SHA256(master, salt, "migrations-build backup encryption"), so every file
/// has its own key even when the master key is shared.
/// </summary>
internal sealed class EncryptionHeader
{
    public const int Length = 55;
    public const int TagLength = 16;
    public const int NonceLength = 12;
    public const int PrefixLength = 7;
    public const byte CurrentVersion = 1;
    public const int Iterations = 210_000;

    private const byte KeyKind = 1;
    private const byte PassphraseKind = 2;
    private const byte DefaultChunkLog2 = 16;
    private const byte GzipFlag = 1;
    private const int MaxIterations = 10_000_000;

    public static ReadOnlySpan<byte> Magic => "MIGBKENC"u8;

    private EncryptionHeader(byte[] bytes) => Bytes = bytes;

    /// <summary>The header as written: the associated data of every chunk.</summary>
    public byte[] Bytes { get; }

    public bool Compressed => (Bytes[9] & GzipFlag) != 0;

    public int ChunkSize => 1 << Bytes[11];

    public ReadOnlySpan<byte> NoncePrefix => Bytes.AsSpan(32, PrefixLength);

    private ReadOnlySpan<byte> Salt => Bytes.AsSpan(16, 16);

    private ReadOnlySpan<byte> KeyCheck => Bytes.AsSpan(39, 16);

    /// <summary>A fresh header for a new file; returns the chunk key with it.</summary>
    public static (EncryptionHeader Header, byte[] ChunkKey) Create(string keyText, bool compressed)
    {
        var bytes = new byte[Length];
        Magic.CopyTo(bytes);
        bytes[8] = CurrentVersion;
        bytes[9] = compressed ? GzipFlag : (byte)0;
        var raw = RawKey(keyText);
        bytes[10] = raw is null ? PassphraseKind : KeyKind;
        bytes[11] = DefaultChunkLog2;
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(12), raw is null ? Iterations : 0u);
        RandomNumberGenerator.Fill(bytes.AsSpan(16, 16 + PrefixLength));
        var header = new EncryptionHeader(bytes);
        var master = raw ?? header.Derive(keyText);
        header.Check(master).CopyTo(bytes.AsSpan(39));
        return (header, header.ChunkKey(master));
    }

    /// <summary>True when the bytes start like an encrypted backup.</summary>
    public static bool Matches(ReadOnlySpan<byte> start) => start.StartsWith(Magic);

    /// <summary>Reads the header; anything short or malformed is a changed or incomplete file.</summary>
    public static EncryptionHeader Read(Stream file, string path)
    {
        var bytes = new byte[Length];
        if (file.ReadAtLeast(bytes, Length, throwOnEndOfStream: false) < Length || !Matches(bytes))
        {
            throw Changed(path);
        }

        if (bytes[8] > CurrentVersion)
        {
            throw new InvalidDataException($"{path} is encrypted with format {bytes[8]}, newer than this version reads ({CurrentVersion}). "
                + "Update Migrations.Build.");
        }

        var iterations = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(12));
        var valid = bytes[8] == CurrentVersion && bytes[10] is KeyKind or PassphraseKind && bytes[11] is >= 10 and <= 24
            && (bytes[10] == KeyKind ? iterations == 0 : iterations is > 0 and <= MaxIterations);
        return valid ? new EncryptionHeader(bytes) : throw Changed(path);
    }

    /// <summary>The chunk key for <paramref name="keyText"/>, or a "wrong key" error when its check value differs.</summary>
    public byte[] Unlock(string keyText, string path)
    {
        var raw = RawKey(keyText);
        var master = Bytes[10] == KeyKind ? raw : raw is null ? Derive(keyText) : null;
        if (master is null || !CryptographicOperations.FixedTimeEquals(Check(master), KeyCheck))
        {
            throw new InvalidDataException(
                $"{path} was encrypted with a different key (wrong key): {BackupStreams.KeyVariable} must be the key used when it was written.");
        }

        return ChunkKey(master);
    }

    /// <summary>The nonce of chunk <paramref name="counter"/>: prefix, counter, and whether it is the last chunk.</summary>
    public void Nonce(Span<byte> nonce, uint counter, bool last)
    {
        NoncePrefix.CopyTo(nonce);
        BinaryPrimitives.WriteUInt32BigEndian(nonce[PrefixLength..], counter);
        nonce[NonceLength - 1] = last ? (byte)1 : (byte)0;
    }

    public static InvalidDataException Changed(string path)
        => new($"{path} does not decrypt: the file was changed after it was written or is incomplete.");

    /// <summary>A key is base64 of exactly 32 bytes; any other text is a passphrase.</summary>
    private static byte[]? RawKey(string keyText)
    {
        var buffer = new byte[33];
        return Convert.TryFromBase64String(keyText, buffer, out var written) && written == 32 ? buffer[..32] : null;
    }

    private byte[] Derive(string passphrase)
        => Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(passphrase), Salt, (int)BinaryPrimitives.ReadUInt32BigEndian(Bytes.AsSpan(12)),
            HashAlgorithmName.SHA256, 32);

    private byte[] Check(byte[] master) => HKDF.DeriveKey(HashAlgorithmName.SHA256, master, 16, Salt.ToArray(), "migrations-build key check"u8.ToArray());

    private byte[] ChunkKey(byte[] master)
        => HKDF.DeriveKey(HashAlgorithmName.SHA256, master, 32, Salt.ToArray(), "migrations-build backup encryption"u8.ToArray());
}
