using System.Text.RegularExpressions;

namespace Migrations.Build.Protocol;

/// <summary>
/// Where the secret values of a connection string (or of free text holding one) are, read from the
/// raw text without trusting any parser: a driver reads <c>Password=p@ss;wordSECRET=1</c> as a
/// password <c>p@ss</c> and a key <c>wordSECRET</c>, then echoes that key in its error. So a secret
/// value runs from its key's <c>=</c> to the next <c>;</c> (past a quoted value's closing quote, or
/// to the end when the quote never closes), and on over every following segment whose key is not a
/// well-known connection-string keyword: masking too much is safe, masking too little is not.
/// </summary>
internal static partial class SecretSpans
{
    /// <summary>Keywords of the common providers (SQLite, PostgreSQL, SQL Server) compared without spaces, lower case: these end a secret value.</summary>
    private static readonly HashSet<string> Known = new(StringComparer.Ordinal)
    {
        "host", "server", "address", "addr", "networkaddress", "datasource", "database", "initialcatalog", "port", "username", "user",
        "userid", "uid", "timeout", "commandtimeout", "connecttimeout", "connectiontimeout", "defaulttimeout", "pooling", "minpoolsize",
        "maxpoolsize", "minimumpoolsize", "maximumpoolsize", "connectionlifetime", "connectionidlelifetime", "sslmode", "trustservercertificate",
        "encrypt", "includeerrordetail", "mode", "cache", "integratedsecurity", "multipleactiveresultsets", "applicationname", "applicationintent",
        "searchpath", "keepalive", "tcpkeepalive", "foreignkeys", "recursivetriggers", "filename", "attachdbfilename", "multisubnetfailover",
        "persistsecurityinfo", "enlist", "maxautoprepare", "autoprepareminusages", "workstationid", "packetsize", "loadbalancetimeout",
        "connectretrycount", "connectretryinterval", "failoverpartner", "currentlanguage", "networklibrary", "authentication",
        "targetsessionattributes", "servercompatibilitymode", "timezone", "clientencoding", "encoding", "noresetonclose", "readbuffersize",
        "writebuffersize", "logparameters", "options", "multiplexing", "version", "journalmode", "rootcertificate", "sslcertificate",
        "checkcertificaterevocation", "loadbalancehosts", "hostrecheckseconds", "hostnameincertificate", "servercertificate",
    };

    /// <summary>
    /// The providers' own secret keywords: these too end the value before them. A secret-like key of no
    /// provider (<c>wordSECRET</c>) is read as part of the value before it, so its name is a fragment too.
    /// </summary>
    private static readonly HashSet<string> KnownSecrets = new(StringComparer.Ordinal)
    {
        "password", "pwd", "sslpassword", "sslkey", "accesstoken", "accountkey", "sharedaccesskey", "sharedaccesssignature",
        "clientsecret", "passphrase", "token", "secret", "key", "apikey", "credential", "credentials",
    };

    /// <summary>A key naming a password, secret, token or key (SSL Password, Access Token, AccountKey...) that is no known keyword (Foreign Keys).</summary>
    public static bool IsSecretKey(string key)
        => SecretKey().IsMatch(key) && !Known.Contains(Normal(key));

    /// <summary>The secret values of a connection string, as [start, end) ranges of <paramref name="text"/>.</summary>
    public static IEnumerable<(int Start, int End)> InConnectionString(string text)
    {
        var i = 0;
        while (i < text.Length)
        {
            var eq = text.IndexOf('=', i);
            var semi = text.IndexOf(';', i);
            if (eq < 0)
            {
                yield break;
            }

            if (semi >= 0 && semi < eq)
            {
                i = semi + 1; // a segment without a value
                continue;
            }

            var secret = IsSecretKey(text[i..eq]);
            var end = ValueEnd(text, eq + 1, text.Length, absorb: secret);
            if (secret)
            {
                yield return (eq + 1, end);
            }

            i = end + 1;
        }
    }

    /// <summary>The secret values of <c>key=value</c> pairs inside free text (a message, an argument), each bounded by its line.</summary>
    public static IEnumerable<(int Start, int End)> InText(string text)
    {
        foreach (Match pair in SecretPair().Matches(text))
        {
            var start = pair.Index + pair.Length;
            var line = text.IndexOfAny(['\r', '\n'], start);
            yield return (start, ValueEnd(text, start, line < 0 ? text.Length : line, absorb: true));
        }
    }

    /// <summary>Replaces each range with <paramref name="mask"/>; ranges may overlap.</summary>
    public static string Replace(string text, IEnumerable<(int Start, int End)> spans, string mask)
    {
        var merged = new List<(int Start, int End)>();
        foreach (var (start, end) in spans.Where(s => s.End > s.Start).OrderBy(s => s.Start))
        {
            if (merged.Count > 0 && start <= merged[^1].End)
            {
                merged[^1] = (merged[^1].Start, Math.Max(merged[^1].End, end));
            }
            else
            {
                merged.Add((start, end));
            }
        }

        for (var k = merged.Count - 1; k >= 0; k--)
        {
            text = text[..merged[k].Start] + mask + text[merged[k].End..];
        }

        return text;
    }

    /// <summary>Where the value starting at <paramref name="start"/> ends (exclusive), at most <paramref name="stop"/>.</summary>
    private static int ValueEnd(string text, int start, int stop, bool absorb)
    {
        var p = start;
        while (p < stop && text[p] is ' ' or '\t')
        {
            p++;
        }

        if (p < stop && text[p] is '"' or '\'')
        {
            var quote = text[p];
            var c = p + 1;
            while (true)
            {
                c = text.IndexOf(quote, c, stop - c);
                if (c < 0)
                {
                    return stop; // never closed: all the rest may be the secret
                }

                if (c + 1 < stop && text[c + 1] == quote)
                {
                    c += 2; // a doubled quote is one quote of the value
                    continue;
                }

                break;
            }

            p = c + 1;
        }

        // Whatever follows a closing quote up to ';' is malformed, and may be the secret too.
        var end = NextSemicolon(text, p, stop);
        while (absorb && end < stop)
        {
            var next = NextSemicolon(text, end + 1, stop);
            var segment = text[(end + 1)..next];
            var eq = segment.IndexOf('=');
            var key = (eq < 0 ? segment : segment[..eq]).Trim();
            if ((next == stop && key.Length == 0) || (key.Length > 0 && (Known.Contains(Normal(key)) || KnownSecrets.Contains(Normal(key)))))
            {
                break; // a trailing ';', or the next provider keyword (a secret one starts a value of its own)
            }

            end = next;
        }

        return end;
    }

    private static int NextSemicolon(string text, int from, int stop)
    {
        var semi = from < stop ? text.IndexOf(';', from, stop - from) : -1;
        return semi < 0 ? stop : semi;
    }

    private static string Normal(string key) => string.Concat(key.Where(c => !char.IsWhiteSpace(c))).ToLowerInvariant();

    [GeneratedRegex(@"password|pwd|secret|token|key|passphrase|credential", RegexOptions.IgnoreCase)]
    private static partial Regex SecretKey();

    // In free text "key" alone is too common a word: only the keys that always name a secret.
    [GeneratedRegex(@"(?:password|pwd|secret|token|passphrase|credential|accountkey|access ?key)\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex SecretPair();
}
