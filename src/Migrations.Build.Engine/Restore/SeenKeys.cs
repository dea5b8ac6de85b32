namespace Migrations.Build.Engine.Restore;

/// <summary>
/// The keys restore's first pass has seen, in memory that stops growing with the table: held exactly
/// up to a limit, then in a fixed-size Bloom filter. A key the filter may have seen before becomes a
/// suspect; the caller confirms suspects by reading the table again (<see cref="Suspects"/>). A real
/// duplicate is always a suspect; at 16 MiB and 8 probes a false one is about one in a billion at 1 M
/// keys and a few thousand at 10 M, so the second read is rare and its set small.
/// </summary>
internal sealed class SeenKeys(int exactLimit = 1 << 18, int filterBits = 1 << 27)
{
    private const int Probes = 8;
    private HashSet<Guid>? _exact = [];
    private ulong[]? _filter;

    /// <summary>Keys that may have been seen before (filter mode only): each needs confirming.</summary>
    public HashSet<Guid> Suspects { get; } = [];

    /// <summary>False when the key was certainly seen before; true otherwise (a maybe-seen key is added to <see cref="Suspects"/>).</summary>
    public bool Add(Guid key)
    {
        if (_exact is not null)
        {
            if (!_exact.Add(key))
            {
                return false;
            }

            if (_exact.Count > exactLimit)
            {
                _filter = new ulong[Math.Max(1, filterBits / 64)];
                foreach (var seen in _exact)
                {
                    Mark(seen);
                }

                _exact = null;
            }

            return true;
        }

        if (!Mark(key))
        {
            Suspects.Add(key);
        }

        return true;
    }

    /// <summary>Sets the key's bits; true when at least one was unset (the key is certainly new).</summary>
    private bool Mark(Guid key)
    {
        // The key is already a digest: its two halves are independent hashes (double hashing).
        Span<ulong> halves = stackalloc ulong[2];
        key.TryWriteBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(halves));
        var bits = (ulong)_filter!.Length * 64;
        var step = halves[1] | 1;
        var fresh = false;
        for (var i = 0UL; i < Probes; i++)
        {
            var bit = (halves[0] + i * step) % bits;
            ref var word = ref _filter[bit >> 6];
            var mask = 1UL << (int)(bit & 63);
            fresh |= (word & mask) == 0;
            word |= mask;
        }

        return fresh;
    }
}
