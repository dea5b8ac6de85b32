using System.Data.Common;
using System.Text.RegularExpressions;

namespace Migrations.Build.Protocol;

/// <summary>
/// Masks secrets in connection strings before anything prints, logs or stores them. Where they are is
/// read from the raw text (<see cref="SecretSpans"/>), never from what a parser made of it, so a
/// malformed value (an unquoted <c>;</c> in a password) is masked whole.
/// </summary>
public static partial class ConnectionStringMasker
{
    public const string Masked = "***";

    /// <summary>Returns the connection string with every secret value replaced by <see cref="Masked"/>, the rest as the user wrote it.</summary>
    public static string? Mask(string? connectionString)
    {
        if (string.IsNullOrEmpty(connectionString))
        {
            return connectionString;
        }

        if (UrlPassword(connectionString) is { } url)
        {
            return SecretSpans.Replace(connectionString, SecretSpans.InText(connectionString).Append(url), Masked);
        }

        try
        {
            _ = new DbConnectionStringBuilder { ConnectionString = connectionString };
        }
        catch (ArgumentException)
        {
            // Not key=value pairs we can read: show nothing of it rather than risk a secret.
            return Masked;
        }

        return SecretSpans.Replace(connectionString, SecretSpans.InConnectionString(connectionString), Masked);
    }

    /// <summary>
    /// Masks secrets inside free text (a message, an argument): the value of every <c>password=...</c>-like
    /// pair up to the next <c>;</c> or line end and on over segments of no known keyword (a value may
    /// hold spaces and <c>;</c>; masking too much is safe), and the password of a URL.
    /// </summary>
    public static string MaskText(string text)
        => SecretSpans.Replace(text, SecretSpans.InText(text).Concat(UrlPasswordInText().Matches(text).Select(m => Span(m.Groups[1]))), Masked);

    /// <summary>The password of a URL-form connection string (<c>postgres://user:password@host/db</c>): up to its last '@'.</summary>
    internal static (int Start, int End)? UrlPassword(string connectionString)
        => UrlForm().Match(connectionString) is { Success: true } m ? Span(m.Groups[1]) : null;

    private static (int Start, int End) Span(Group group) => (group.Index, group.Index + group.Length);

    [GeneratedRegex(@"^[a-z][a-z0-9+.-]*://[^:/@]+:(.*)@", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex UrlForm();

    [GeneratedRegex(@"\b[a-z][a-z0-9+.-]*://[^:/@\s]+:(\S*)@", RegexOptions.IgnoreCase)]
    private static partial Regex UrlPasswordInText();
}
