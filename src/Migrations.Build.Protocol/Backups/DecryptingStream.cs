using System.Security.Cryptography;

namespace Migrations.Build.Protocol.Backups;

/// <summary>
/// Reads what <see cref="EncryptingStream"/> wrote, one chunk at a time. A chunk is the last one
/// exactly when nothing follows it, and its nonce says whether it was written as the last: so a
/// reordered, dropped, cut or appended chunk fails to authenticate.
/// </summary>
internal sealed class DecryptingStream : LayerStream
{
    private readonly Stream _file;
    private readonly EncryptionHeader _header;
    private readonly AesGcm _aes;
    private readonly string _path;
    private readonly byte[] _sealed;
    private readonly byte[] _plain;
    private int _carried;
    private int _position;
    private int _length;
    private uint _counter;
    private bool _end;

    public DecryptingStream(Stream file, EncryptionHeader header, byte[] chunkKey, string path)
    {
        _file = file;
        _header = header;
        _path = path;
        _aes = new AesGcm(chunkKey, EncryptionHeader.TagLength);
        _plain = new byte[header.ChunkSize];

        // One byte beyond a full chunk tells whether another chunk follows.
        _sealed = new byte[header.ChunkSize + EncryptionHeader.TagLength + 1];
    }

    public override bool CanRead => true;

    /// <summary>True once a chunk failed to authenticate (its error says so).</summary>
    public bool Broken { get; private set; }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        while (_position == _length)
        {
            if (Broken)
            {
                throw EncryptionHeader.Changed(_path);
            }

            if (_end || buffer.IsEmpty)
            {
                return 0;
            }

            Open();
        }

        var n = Math.Min(buffer.Length, _length - _position);
        _plain.AsSpan(_position, n).CopyTo(buffer);
        _position += n;
        return n;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            CryptographicOperations.ZeroMemory(_plain);
            _aes.Dispose();
            _file.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>Reads and authenticates the next chunk into the plaintext buffer.</summary>
    private void Open()
    {
        var full = _sealed.Length - 1;
        var read = _carried + _file.ReadAtLeast(_sealed.AsSpan(_carried), _sealed.Length - _carried, throwOnEndOfStream: false);
        var last = read <= full;
        var size = last ? read : full;
        Broken = true;
        if (size < EncryptionHeader.TagLength || _counter == uint.MaxValue)
        {
            throw EncryptionHeader.Changed(_path);
        }

        Span<byte> nonce = stackalloc byte[EncryptionHeader.NonceLength];
        _header.Nonce(nonce, _counter++, last);
        _length = size - EncryptionHeader.TagLength;
        try
        {
            _aes.Decrypt(nonce, _sealed.AsSpan(0, _length), _sealed.AsSpan(_length, EncryptionHeader.TagLength), _plain.AsSpan(0, _length), _header.Bytes);
        }
        catch (AuthenticationTagMismatchException)
        {
            _length = 0;
            throw EncryptionHeader.Changed(_path);
        }

        Broken = false;
        _position = 0;
        _end = last;
        _carried = last ? 0 : 1;
        _sealed[0] = _sealed[full];
    }
}
