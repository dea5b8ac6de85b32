using System.Data.Common;
using System.Text.RegularExpressions;

namespace Migrations.Build.Protocol;

/// <summary>Masks secrets in connection strings before anything prints, logs or stores them.</summary>
public static partial class ConnectionStringMasker
{
    public const string Masked = "***";

    /// <summary>Returns the connection string with every secret value replaced by <see cref="Masked"/>.</summary>
    public static string? Mask(string? connectionString)
    {
        if (string.IsNullOrEmpty(connectionString))
        {
            return connectionString;
        }

        if (UriPassword().IsMatch(connectionString))
        {
            return UriPassword().Replace(connectionString, m => m.Groups[1].Value + Masked + "@");
        }

        try
        {
            var builder = new DbConnectionStringBuilder { ConnectionString = connectionString };
            var secrets = builder.Keys.Cast<string>().Where(IsSecret).ToList();
            if (secrets.Count == 0)
            {
                return connectionString; // as the user wrote it
            }

            foreach (var key in secrets)
            {
                builder[key] = Masked;
            }

            return builder.ConnectionString;
        }
        catch (ArgumentException)
        {
            // Not key=value pairs we can read: show nothing of it rather than risk a secret.
            return Masked;
        }
    }

    /// <summary>
    /// Masks secrets inside free text (a message, an argument): every <c>password=...</c>-like pair up
    /// to the next <c>;</c> or line end (a value may hold spaces; masking too much is safe), and the
    /// password of a URL.
    /// </summary>
    public static string MaskText(string text)
    {
        var pairs = SecretPair().Replace(text, m => m.Groups[1].Value + Masked);
        return UriPasswordInText().Replace(pairs, m => m.Groups[1].Value + Masked + "@");
    }

    /// <summary>Any key that names a password, secret, token or key (SSL Password, Access Token, AccountKey...).</summary>
    private static bool IsSecret(string key)
        => SecretKey().IsMatch(key);

    [GeneratedRegex(@"password|pwd|secret|token|key|passphrase|credential", RegexOptions.IgnoreCase)]
    private static partial Regex SecretKey();

    [GeneratedRegex(@"((?:password|pwd|secret|token|passphrase|credential|accountkey|access ?key)\s*=\s*)(?:'[^']*'|""[^""]*""|[^;'""\r\n]*)", RegexOptions.IgnoreCase)]
    private static partial Regex SecretPair();

    [GeneratedRegex(@"(\b[a-z][a-z0-9+.-]*://[^:/@\s]+:)[^@\s]*@", RegexOptions.IgnoreCase)]
    private static partial Regex UriPasswordInText();

    // postgres://user:password@host/db and the like.
    [GeneratedRegex(@"^([a-z][a-z0-9+.-]*://[^:/@\s]+:)[^@\s]*@", RegexOptions.IgnoreCase)]
    private static partial Regex UriPassword();
}
