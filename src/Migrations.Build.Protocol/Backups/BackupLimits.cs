namespace Migrations.Build.Protocol.Backups;

/// <summary>
/// What a backup reader holds in memory at once. The writer never comes near them (it writes no
/// whitespace, a header of a few hundred bytes, and flushes rows as they go), so a file beyond them
/// is hostile or broken: it ends in an error within a second, at a bounded memory, instead of
/// inflating a "bomb" of whitespace or one endless string into gigabytes.
/// </summary>
public static class BackupLimits
{
    /// <summary>The header's fields and one table's column list.</summary>
    public const int Header = 1 << 20;

    /// <summary>One row as JSON (a 48 MiB blob is 64 MiB of base64): the largest single value the reader buffers.</summary>
    public const int Row = 64 << 20;

    /// <summary>
    /// How many times a compressed backup may inflate (gzip's own limit is about 1 000; JSON rows
    /// compress 5 to 30 times, a table of identical rows rarely past 100), once it has inflated past
    /// <see cref="RatioAfter"/>: a bomb of valid-looking rows ends within seconds.
    /// </summary>
    public const int Ratio = 200;

    public const long RatioAfter = 96L << 20;
}
