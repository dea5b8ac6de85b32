using System.Data.Common;
using System.Text.RegularExpressions;

namespace Migrations.Build.Protocol;

/// <summary>Masks secrets in connection strings before anything prints, logs or stores them.</summary>
public static partial class ConnectionStringMasker
{
    public const string Masked = "***";

    private static readonly HashSet<string> SecretKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        "Password", "Pwd", "Access Token", "AccessToken", "Token", "Secret", "Client Secret", "Key",
        "Account Key", "AccountKey", "SharedAccessKey", "Shared Access Key", "Passphrase",
    };

    /// <summary>Returns the connection string with every secret value replaced by <see cref="Masked"/>.</summary>
    public static string? Mask(string? connectionString)
    {
        if (string.IsNullOrEmpty(connectionString))
        {
            return connectionString;
        }

        try
        {
            var builder = new DbConnectionStringBuilder { ConnectionString = connectionString };
            var secrets = builder.Keys.Cast<string>().Where(SecretKeys.Contains).ToList();
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
            // Not parseable as key=value pairs: fall back to masking anything that looks like a secret.
            return SecretPattern().Replace(connectionString, m => m.Groups[1].Value + Masked);
        }
    }

    [GeneratedRegex(@"((?:password|pwd|access\s*token|secret|key)\s*=\s*)[^;]*", RegexOptions.IgnoreCase)]
    private static partial Regex SecretPattern();
}
