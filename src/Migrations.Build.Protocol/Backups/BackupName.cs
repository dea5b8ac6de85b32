namespace Migrations.Build.Protocol.Backups;

/// <summary>
/// What a backup's name may be. It becomes the start of a file name, so only letters, digits, '-'
/// and '_': nothing that is a path (a slash, ..), nothing a shell or a listing shows differently
/// (spaces, newlines, control characters), and short enough for any file system.
/// </summary>
public static class BackupName
{
    public const int MaxLength = 100;

    /// <summary>
    /// Why <paramref name="name"/> can't name a backup, or null; <paramref name="option"/> is how the caller spells it (--name, MigrationsBackupName).
    /// </summary>
    public static string? Problem(string name, string option)
    {
        if (name.Length > MaxLength)
        {
            return $"{option} is {name.Length} characters long; a backup's name has at most {MaxLength}.";
        }

        return name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')
            ? null
            : $"{option} '{Printable(name)}' can't be part of a file name; use letters, digits, '-' or '_'.";
    }

    /// <summary>The name with control characters escaped, so the message shows what was given on one line.</summary>
    private static string Printable(string name)
        => string.Concat(name.Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString()));
}
