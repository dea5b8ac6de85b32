namespace Migrations.Build.Protocol.Backups;

/// <summary>
/// The backup key from <see cref="BackupStreams.KeyVariable"/>, and the strength a key needs to write
/// a backup. A variable that is set but blank is refused wherever a key is read: it is nearly always a
/// secret that didn't arrive (an unset CI secret), and reading it as "no key" would write plain
/// backups without a word. Strength is asked only when writing, so a backup written earlier with a
/// weaker key still reads with it.
/// </summary>
public static class BackupKey
{
    /// <summary>The fewest characters a key needs to write a backup.</summary>
    public const int MinimumLength = 16;

    /// <summary>The fewest different characters: one character or a short pattern repeated is no key.</summary>
    public const int MinimumDistinct = 6;

    /// <summary>What a key must be, as the messages and docs say it.</summary>
    public static readonly string Rule = $"a passphrase of at least {MinimumLength} characters, at least {MinimumDistinct} of them different, "
        + "or a 32-byte key in base64 (openssl rand -base64 32)";

    /// <summary>The key, or null when the variable is not set; set but empty or only whitespace is a <see cref="BackupKeyException"/>.</summary>
    public static string? FromEnvironment() => Of(Environment.GetEnvironmentVariable(BackupStreams.KeyVariable));

    /// <summary>The key the variable's value gives (<see cref="FromEnvironment"/>).</summary>
    public static string? Of(string? key)
    {
        if (key is not null && string.IsNullOrWhiteSpace(key))
        {
            var what = key.Length == 0 ? "empty" : "only whitespace";
            throw new BackupKeyException($"{BackupStreams.KeyVariable} is set but {what}, so no backup can be encrypted or read with it. "
                + $"Set it to the backup key, {Rule}; or unset it to write backups unencrypted.");
        }

        return key;
    }

    /// <summary>Refuses a key too weak to encrypt a new backup; never echoes it.</summary>
    public static void RequireStrong(string key)
    {
        if (key.Length < MinimumLength || key.Distinct().Count() < MinimumDistinct)
        {
            throw new BackupKeyException($"{BackupStreams.KeyVariable} is too weak to encrypt a backup: use {Rule}. "
                + "Backups written before with a weaker key still read with it.");
        }
    }
}

/// <summary>A backup key that is blank or too weak: bad input (exit 2), whatever the command.</summary>
public sealed class BackupKeyException(string message) : Exception(message);
