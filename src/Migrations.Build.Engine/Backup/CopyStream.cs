using System.Buffers.Binary;

namespace Migrations.Build.Engine.Backup;

/// <summary>
/// PostgreSQL's binary COPY format read from a stream of its bytes: a signature and header, then per row a
/// field count (-1 ends the data) and per field a length (-1 is NULL) and that many bytes. The buffer grows
/// only for a field larger than it; a row never is held beyond its last field.
/// </summary>
internal sealed class CopyStream(Stream stream)
{
    // "PGCOPY\n\377\r\n\0" (not a u8 literal: \377 would be UTF-8's two bytes for U+00FF).
    private static ReadOnlySpan<byte> Signature => [(byte)'P', (byte)'G', (byte)'C', (byte)'O', (byte)'P', (byte)'Y', 0x0A, 0xFF, 0x0D, 0x0A, 0x00];

    private byte[] _buffer = new byte[1 << 20];
    private int _position;
    private int _end;

    /// <summary>Checks the header (no OIDs) and steps over its extension.</summary>
    public void ReadHeader()
    {
        Ensure(Signature.Length + 8);
        if (!_buffer.AsSpan(_position, Signature.Length).SequenceEqual(Signature)
            || (BinaryPrimitives.ReadInt32BigEndian(_buffer.AsSpan(_position + Signature.Length)) & (1 << 16)) != 0)
        {
            throw new InvalidDataException("The server's COPY data is not in the binary format asked for.");
        }

        var extension = BinaryPrimitives.ReadInt32BigEndian(_buffer.AsSpan(_position + Signature.Length + 4));
        _position += Signature.Length + 8;
        Ensure(extension);
        _position += extension;
    }

    /// <summary>The next row's field count; -1 after the last row.</summary>
    public short FieldCount()
    {
        Ensure(2);
        var count = BinaryPrimitives.ReadInt16BigEndian(_buffer.AsSpan(_position));
        _position += 2;
        return count;
    }

    /// <summary>The next field's bytes, valid until the next call; false for NULL.</summary>
    public bool Field(out ReadOnlySpan<byte> value)
    {
        Ensure(4);
        var length = BinaryPrimitives.ReadInt32BigEndian(_buffer.AsSpan(_position));
        _position += 4;
        if (length < 0)
        {
            value = default;
            return false;
        }

        Ensure(length);
        value = _buffer.AsSpan(_position, length);
        _position += length;
        return true;
    }

    /// <summary>Reads the stream to its end (the server's end of COPY), so the connection is ready for the next command.</summary>
    public void Drain()
    {
        while (stream.Read(_buffer, 0, _buffer.Length) > 0)
        {
        }
    }

    private void Ensure(int count)
    {
        if (_end - _position >= count)
        {
            return;
        }

        if (count > _buffer.Length)
        {
            var larger = new byte[Math.Max(count, _buffer.Length * 2)];
            _buffer.AsSpan(_position, _end - _position).CopyTo(larger);
            _buffer = larger;
        }
        else
        {
            _buffer.AsSpan(_position, _end - _position).CopyTo(_buffer);
        }

        _end -= _position;
        _position = 0;
        while (_end < count)
        {
            var read = stream.Read(_buffer, _end, _buffer.Length - _end);
            if (read == 0)
            {
                throw new InvalidDataException("The server's COPY data ended in the middle of a row.");
            }

            _end += read;
        }
    }
}
