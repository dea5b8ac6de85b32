using System.Globalization;

namespace Migrations.Build.Tool.Rendering;

/// <summary>Byte counts as people read them: 512 B, 26.0 MiB, 1.2 GiB (binary units, one decimal).</summary>
internal static class Sizes
{
    private static readonly string[] Units = ["KiB", "MiB", "GiB", "TiB", "PiB"];

    public static string Human(long bytes)
    {
        if (bytes < 1024)
        {
            return bytes.ToString(CultureInfo.InvariantCulture) + " B";
        }

        var value = (double)bytes;
        var unit = -1;
        while (value >= 1024 && unit < Units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return value.ToString("0.0", CultureInfo.InvariantCulture) + " " + Units[unit];
    }
}
