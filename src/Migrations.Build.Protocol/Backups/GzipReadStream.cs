using System.IO.Compression;

namespace Migrations.Build.Protocol.Backups;

/// <summary>
/// Decompresses a backup, turning damaged gzip data into a message that says so, and refusing a
/// decompression bomb: past <see cref="BackupLimits.RatioAfter"/> inflated bytes, data that inflates
/// more than <see cref="BackupLimits.Ratio"/> times (real backups compress 5 to 30 times) stops the read.
/// </summary>
internal sealed class GzipReadStream : LayerStream
{
    private readonly Counted _compressed;
    private readonly GZipStream _gzip;
    private readonly string _path;
    private long _inflated;

    public GzipReadStream(Stream compressed, string path)
    {
        _compressed = new Counted(compressed);
        _gzip = new GZipStream(_compressed, CompressionMode.Decompress);
        _path = path;
    }

    public override bool CanRead => true;

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int read;
        try
        {
            read = _gzip.Read(buffer);
        }
        catch (InvalidDataException e) when (_compressed.Inner is not DecryptingStream { Broken: true })
        {
            // The decryption layer's own verdict passes through; anything else is damaged gzip.
            throw new InvalidDataException($"{_path} is not a complete backup file: its compressed data is damaged ({e.Message}).", e);
        }

        _inflated += read;
        if (_inflated > BackupLimits.RatioAfter && _inflated > _compressed.Bytes * BackupLimits.Ratio)
        {
            throw new InvalidDataException($"{_path} is not a backup this reads: "
                + $"its {_compressed.Bytes >> 20} MiB inflate to over {_inflated >> 20} MiB, more than "
                + $"{BackupLimits.Ratio} times, as a decompression bomb does. If it is a real backup, decompress it yourself (gunzip -k) and use the .json.");
        }

        return read;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _gzip.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>The compressed stream, counting what gzip took from it.</summary>
    private sealed class Counted(Stream inner) : LayerStream
    {
        public Stream Inner => inner;

        public long Bytes { get; private set; }

        public override bool CanRead => true;

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var read = inner.Read(buffer);
            Bytes += read;
            return read;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
