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

        var hours = match.Groups[2].Value switch { "h" => 1.0, "d" => 24.0, _ => 24.0 * 7 } * n;

        // An age reaches back from now: no further than the calendar goes.
        if (hours > (DateTimeOffset.UtcNow - DateTimeOffset.MinValue).TotalHours)
        {
            throw new ToolException($"{option} '{text}' is too long: it reaches back before year 1. Give an age such as 30d or 12w.");
        }

        return TimeSpan.FromHours(hours);
    }

    [GeneratedRegex(@"^(\d+)([hdw])$")]
    private static partial Regex Pattern();
}
