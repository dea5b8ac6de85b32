using System.CommandLine;

namespace Migrations.Build.Tool.Cli;

/// <summary>"Did you mean ...?" for a mistyped command or option: the known names within two edits of it.</summary>
internal static class Suggestions
{
    public static IEnumerable<string> For(ParseResult parse, IEnumerable<string> args)
    {
        var command = parse.CommandResult.Command;
        var known = command.Subcommands.Select(c => c.Name)
            .Concat(command.Options.Concat(parse.RootCommandResult.Command.Options.Where(o => o.Recursive)).SelectMany(o => o.Aliases.Prepend(o.Name)))
            .Distinct(StringComparer.Ordinal).ToList();
        // An unknown option is an error of its own, not always an unmatched token.
        var unknown = args.Select(a => a.Split('=', ':')[0]).Where(a => a.StartsWith("--", StringComparison.Ordinal) && !known.Contains(a));
        foreach (var token in parse.UnmatchedTokens.Where(t => !t.StartsWith('-')).Concat(unknown).Distinct(StringComparer.Ordinal))
        {
            var near = known.Select(k => (Name: k, Distance: Distance(token, k))).Where(k => k.Distance <= Math.Max(1, Math.Min(2, token.Length / 3)))
                .OrderBy(k => k.Distance).Select(k => k.Name).Take(3).ToList();
            if (near.Count > 0)
            {
                yield return $"'{token}' is not a {(token.StartsWith('-') ? "known option" : "command")} here. "
                    + $"Did you mean {string.Join(" or ", near.Select(n => $"'{n}'"))}?";
            }
        }
    }

    /// <summary>Levenshtein distance, case-insensitive.</summary>
    internal static int Distance(string a, string b)
    {
        a = a.ToLowerInvariant();
        b = b.ToLowerInvariant();
        var row = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var diagonal = row[0];
            row[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var above = row[j];
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), diagonal + (a[i - 1] == b[j - 1] ? 0 : 1));
                diagonal = above;
            }
        }

        return row[b.Length];
    }
}
