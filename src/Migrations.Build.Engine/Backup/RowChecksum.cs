using System.Security.Cryptography;
using Migrations.Build.Protocol;

namespace Migrations.Build.Engine.Backup;

/// <summary>
/// A table's SHA-256: over each row's JSON followed by a newline. Rows are hashed in batches, the same
/// bytes in the same order (so the same checksum): a call into the hash per row cost more than its bytes.
/// </summary>
internal sealed class RowChecksum : IDisposable
{
    private readonly IncrementalHash _sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly byte[] _pending = new byte[1 << 16];
    private int _count;

    public void Add(ReadOnlySpan<byte> row)
    {
        if (_count + row.Length + 1 > _pending.Length)
        {
            Hash();
            if (row.Length + 1 > _pending.Length)
            {
                _sha.AppendData(row);
                _sha.AppendData("\n"u8);
                return;
            }
        }

        row.CopyTo(_pending.AsSpan(_count));
        _count += row.Length;
        _pending[_count++] = (byte)'\n';
    }

    /// <summary>The checksum of the rows added, in lower-case hex.</summary>
    public string Finish()
    {
        Hash();
        return Hex.Lower(_sha.GetHashAndReset());
    }

    public void Dispose() => _sha.Dispose();

    private void Hash()
    {
        _sha.AppendData(_pending, 0, _count);
        _count = 0;
    }
}
