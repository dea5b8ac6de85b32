using System.Globalization;
using System.Text.RegularExpressions;

namespace Migrations.Build.Tool.Cli;

/// <summary>Ages given on the command line: a number and a unit, h (hours), d (days) or w (weeks), e.g. 30d.</summary>
internal static partial class Durations
{
    public static TimeSpan Parse(string text, string option)
    {
        var match = Pattern().Match(text);
        if (!match.Success || !int.TryParse(match.Groups[1].Value, CultureInfo.InvariantCulture, out var n))
        {
            throw new ToolException($"{option} '{text}': give a number and a unit, d (days), h (hours) or w (weeks), e.g. 30d.");
        }

        return match.Groups[2].Value switch { "h" => TimeSpan.FromHours(n), "d" => TimeSpan.FromDays(n), _ => TimeSpan.FromDays(7.0 * n) };
    }

    [GeneratedRegex(@"^(\d+)([hdw])$")]
    private static partial Regex Pattern();
}
