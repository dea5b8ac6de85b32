using System.IO.Compression;

namespace Migrations.Build.Protocol.Backups;

/// <summary>Decompresses a backup, turning damaged gzip data into a message that says so.</summary>
internal sealed class GzipReadStream(Stream compressed, string path) : LayerStream
{
    private readonly GZipStream _gzip = new(compressed, CompressionMode.Decompress);

    public override bool CanRead => true;

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        try
        {
            return _gzip.Read(buffer);
        }
        catch (InvalidDataException e) when (compressed is not DecryptingStream { Broken: true })
        {
            // The decryption layer's own verdict passes through; anything else is damaged gzip.
            throw new InvalidDataException($"{path} is not a complete backup file: its compressed data is damaged ({e.Message}).", e);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _gzip.Dispose();
        }

        base.Dispose(disposing);
    }
}
