using System.Security.Cryptography;

namespace Migrations.Build.Protocol.Backups;

/// <summary>
/// Writes AES-256-GCM chunks after the <see cref="EncryptionHeader"/>. A full chunk is sealed only once
/// more data follows, so the last chunk (flagged in its nonce) is sealed on dispose; memory holds one chunk.
/// </summary>
internal sealed class EncryptingStream : LayerStream
{
    private readonly Stream _file;
    private readonly EncryptionHeader _header;
    private readonly AesGcm _aes;
    private readonly byte[] _plain;
    private readonly byte[] _sealed;
    private int _length;
    private uint _counter;
    private bool _disposed;

    public EncryptingStream(Stream file, string key, bool compressed)
    {
        var (header, chunkKey) = EncryptionHeader.Create(key, compressed);
        _file = file;
        _header = header;
        _aes = new AesGcm(chunkKey, EncryptionHeader.TagLength);
        CryptographicOperations.ZeroMemory(chunkKey);
        _plain = new byte[header.ChunkSize];
        _sealed = new byte[header.ChunkSize + EncryptionHeader.TagLength];
        _file.Write(header.Bytes);
    }

    public override bool CanWrite => !_disposed;

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        while (!buffer.IsEmpty)
        {
            if (_length == _plain.Length)
            {
                Seal(last: false);
            }

            var n = Math.Min(buffer.Length, _plain.Length - _length);
            buffer[..n].CopyTo(_plain.AsSpan(_length));
            _length += n;
            buffer = buffer[n..];
        }
    }

    /// <summary>Flushes the file only: a chunk is never sealed short before the end.</summary>
    public override void Flush() => _file.Flush();

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            try
            {
                Seal(last: true);
                _file.Flush();
            }
            finally
            {
                CryptographicOperations.ZeroMemory(_plain);
                _aes.Dispose();
                _file.Dispose();
            }
        }

        base.Dispose(disposing);
    }

    private void Seal(bool last)
    {
        if (_counter == uint.MaxValue)
        {
            throw new IOException("The backup is too large to encrypt in one file.");
        }

        Span<byte> nonce = stackalloc byte[EncryptionHeader.NonceLength];
        _header.Nonce(nonce, _counter++, last);
        _aes.Encrypt(nonce, _plain.AsSpan(0, _length), _sealed.AsSpan(0, _length), _sealed.AsSpan(_length, EncryptionHeader.TagLength), _header.Bytes);
        _file.Write(_sealed, 0, _length + EncryptionHeader.TagLength);
        _length = 0;
    }
}
