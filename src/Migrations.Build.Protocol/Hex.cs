namespace Migrations.Build.Protocol;

/// <summary>Lower-case hex, as hashes are written in our files (net8.0 has no Convert.ToHexStringLower).</summary>
public static class Hex
{
    public static string Lower(byte[] bytes) => Convert.ToHexString(bytes).ToLowerInvariant();
}
