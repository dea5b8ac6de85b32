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
}
