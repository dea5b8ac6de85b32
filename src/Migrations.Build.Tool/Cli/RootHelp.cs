using System.CommandLine;
using Migrations.Build.Protocol;

namespace Migrations.Build.Tool.Cli;

/// <summary>
/// <c>dotnet migrate --help</c>: the tool's name as people type it, and each command in one line
/// (the first sentence of its description; the whole is in <c>dotnet migrate &lt;command&gt; --help</c>).
/// </summary>
internal static class RootHelp
{
    public static void Write(RootCommand root, TextWriter output)
    {
        output.WriteLine("Description:");
        output.WriteLine("  " + root.Description!.Replace("\n", "\n  ", StringComparison.Ordinal));
        output.WriteLine();
        if (Bundling.BundleManifest.Current is { } bundle)
        {
            Bundling.BundleCli.WriteContents(bundle, output);
        }

        output.WriteLine("Usage:");
        output.WriteLine($"  {MigrateCli.Name} <command> [options]");
        output.WriteLine();
        output.WriteLine("Commands:");
        var names = root.Subcommands.Where(c => !c.Hidden)
            .Select(c => (
                Name: c.Name + string.Concat(c.Arguments.Select(Argument)),
                Summary: Summaries.GetValueOrDefault(c.Name) ?? FirstSentence(c.Description)))
            .ToList();
        var width = names.Max(n => n.Name.Length) + 2;
        foreach (var (name, summary) in names)
        {
            output.WriteLine($"  {name.PadRight(width)}{summary}");
        }

        output.WriteLine();
        output.WriteLine("Options:");
        output.WriteLine("  -?, -h, --help  Show help and usage information");
        output.WriteLine("  --version       Show version information");
        output.WriteLine();
        output.WriteLine($"Run '{MigrateCli.Name} <command> --help' for what a command does in full and its options.");
    }

    private static readonly Dictionary<string, string> Summaries = new(StringComparer.Ordinal)
    {
        [EngineVerbs.Upgrade] = "Apply pending migrations up to a target (default head)",
        [EngineVerbs.Downgrade] = "Revert applied migrations down to a target",
        [EngineVerbs.Current] = "Show the database's current migration, the head and what is pending",
        [EngineVerbs.History] = "List the migrations and whether each is applied (-v: their operations)",
        [EngineVerbs.Revision] = "Write a new migration from the model's changes",
        [EngineVerbs.Check] = "Check model, migrations, integrity file and database agree, and pending migrations are safe",
        [EngineVerbs.Lint] = "Run the safety rules and integrity checks on pending migrations",
        [EngineVerbs.Lock] = "Write migrations.lock.json, the reviewed migrations' hashes",
        [EngineVerbs.Validate] = "Plan a move, run the safety rules on it and count the rows at risk",
        [EngineVerbs.Stamp] = "Record a migration as current without running any",
        [EngineVerbs.Backup] = "Back up the database's tables to a checksummed JSON file",
        ["list-backups"] = "List the backups in the backup folder",
        ["show-backup"] = "Show a backup's header and tables (--verify: check every checksum)",
        [EngineVerbs.Restore] = "Put a backup's rows back, all or nothing",
        [EngineVerbs.Rollback] = "Back up the data at risk, then revert migrations down to a target",
        ["prune-backups"] = "Delete old backups",
        [EngineVerbs.ResetDev] = "Drop the development database and create it again at head",
        [EngineVerbs.Test] = "Take every migration up, down and up again on a scratch database",
        [EngineVerbs.ProdCheck] = "Check a database is ready for a deploy",
        ["bundle"] = "Build a migration bundle: one executable that runs these commands without the SDK or the source",
    };

    private static string Argument(Argument argument) => argument.Arity.MinimumNumberOfValues == 0 ? $" [{argument.Name}]" : $" <{argument.Name}>";

    /// <summary>Up to the first ". " or ": " (a sentence, or a heading before its details).</summary>
    internal static string FirstSentence(string? description)
    {
        var text = description ?? string.Empty;
        var end = text.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? text.TrimEnd('.') : text[..end];
    }
}
