using System.Collections;
using System.Security.Cryptography;
using System.Text;

namespace Migrations.Build.Protocol;

/// <summary>
/// A hash of the environment variables, for the caches that depend on them (an app reads its
/// configuration from them, MSBuild sees each one as a property). Left out: the shell's and the
/// build's own bookkeeping, which changes from one folder or shell to the next, and our MIGRATIONS_* variables,
/// which carry connection strings and change nothing a cache keeps.
/// </summary>
public static class EnvironmentFingerprint
{
    // DOTNET_NUGET_SIGNATURE_VERIFICATION: set in the build's own process by a restore, absent with --no-restore.
    private static readonly string[] Ignored = ["PWD", "OLDPWD", "SHLVL", "_", "DOTNET_NUGET_SIGNATURE_VERIFICATION"];

    public static string Compute()
    {
        var text = new StringBuilder();
        foreach (var (name, value) in Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
                     .Select(e => ((string)e.Key, e.Value as string))
                     .Where(e => !Ignored.Contains(e.Item1) && !e.Item1.StartsWith("MIGRATIONS_", StringComparison.OrdinalIgnoreCase))
                     .OrderBy(e => e.Item1, StringComparer.Ordinal))
        {
            text.Append(name).Append('=').Append(value).Append('\0');
        }

        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
