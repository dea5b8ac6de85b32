using System.CommandLine.Parsing;
using System.Globalization;

namespace Migrations.Build.Tool.Cli;

/// <summary>Options that take a count or a number of seconds, 0 or more, and say so when given anything else.</summary>
internal static class WholeNumbers
{
    /// <summary>The option's value; anything but digits (a sign, a fraction, a word, too many digits) is a usage error naming the option.</summary>
    public static int? Parse(ArgumentResult result, string unit)
    {
        if (result.Tokens.Count == 0)
        {
            return null;
        }

        var text = result.Tokens[0].Value;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        var name = (result.Parent as OptionResult)?.Option.Name ?? "The option";
        result.AddError($"{name} '{text}': give a whole number of {unit}, 0 or more (at most {int.MaxValue}), e.g. {name} 10.");
        return null;
    }
}
