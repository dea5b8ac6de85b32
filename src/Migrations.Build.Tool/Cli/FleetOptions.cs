using System.CommandLine;
using System.Globalization;
using Migrations.Build.Tool.Running;

namespace Migrations.Build.Tool.Cli;

/// <summary>A command over a fleet of databases (a database per tenant): which, how many at once, and this machine's share.</summary>
internal static class FleetOptions
{
    public static readonly Option<string?> Connections = CommonOptions.NotEmpty(new("--connections")
    {
        Description = "Run on every database of a file (- for stdin): one connection string, or the name of an environment variable holding one, per line; "
            + "# starts a comment. Each database is shown by host/database only; one failing never stops the others. Exit 1 when any failed.",
    });

    public static readonly Option<int> Parallel = new("--parallel")
    {
        Description = "With --connections: how many databases at once. Default: 4.",
        DefaultValueFactory = _ => 4,
        CustomParser = result => WholeNumbers.Parse(result, "databases") ?? 4,
    };

    public static readonly Option<bool> FailFast = new("--fail-fast")
    {
        Description = "With --connections: start no other database once one failed (those running finish).",
    };

    public static readonly Option<string?> Shard = CommonOptions.NotEmpty(new("--shard")
    {
        Description = "With --connections: only this machine's share, i/n (0 <= i < n), e.g. --shard $JOB_COMPLETION_INDEX/4; "
            + "stable by a hash of each database's host/database, so n machines given 0/n to n-1/n run each database once.",
    });

    public static void AddTo(Command command)
    {
        command.Options.Add(Connections);
        command.Options.Add(Parallel);
        command.Options.Add(FailFast);
        command.Options.Add(Shard);
    }

    /// <summary>The fleet to run on, or null for the one database of --connection or the app's configuration.</summary>
    public static IReadOnlyList<FleetDatabase>? Read(ParseResult parse)
    {
        var source = parse.GetValue(Connections);
        var given = new[] { Parallel, (Option)FailFast, Shard }.Where(o => parse.GetResult(o) is { Implicit: false }).Select(o => o.Name).ToList();
        if (source is null)
        {
            return given.Count == 0 ? null : throw new ToolException($"{string.Join(" and ", given)} need{(given.Count == 1 ? "s" : string.Empty)} "
                + "--connections (a list of databases).");
        }

        if (parse.GetValue(CommonOptions.Connection) is not null)
        {
            throw new ToolException("--connection and --connections can't be used together: put that database on a line of the --connections list.");
        }

        if (parse.GetValue(Parallel) < 1)
        {
            throw new ToolException("--parallel 0: give how many databases to run at once, 1 or more.");
        }

        return FleetList.Read(source, ParseShard(parse.GetValue(Shard)));
    }

    private static (int, int)? ParseShard(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var parts = text.Split('/');
        if (parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count > 0 && index < count)
        {
            return (index, count);
        }

        throw new ToolException($"--shard {text}: give i/n with 0 <= i < n, e.g. --shard 0/3, 1/3 and 2/3 on three machines.");
    }
}
