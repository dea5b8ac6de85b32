using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Migrations.Build.Protocol;
using Migrations.Build.Protocol.Backups;
using Migrations.Build.Tool.Cli;
using Migrations.Build.Tool.Rendering;
using Spectre.Console;

namespace Migrations.Build.Tool.Commands;

/// <summary>
/// <c>prune-backups --keep N | --older-than D</c>: deletes old backups from the backup folder. A backup's
/// age is its header's createdAt, or the file's time when the header can't be read (e.g. encrypted, no key).
/// </summary>
internal static class PruneBackupsCommand
{
    private static readonly Option<int?> Keep = new("--keep")
    {
        Description = "Keep the newest N backups; delete the rest.",
        CustomParser = result => WholeNumbers.Parse(result, "backups to keep"),
    };

    private static readonly Option<string?> OlderThan = new("--older-than")
    {
        Description = "Delete the backups older than this: a number and a unit, d (days), h (hours) or w (weeks), e.g. 30d.",
    };

    private static readonly Option<bool> DryRun = new("--dry-run") { Description = "Only show what would be deleted." };

    public static Command Create()
    {
        var command = new Command(
            "prune-backups",
            "Delete old backups from the backup folder: all but the newest --keep N, or those --older-than D (30d, 12h, 2w). "
            + "Asks first on a terminal; scripts pass --yes.");
        foreach (var option in new Option[] { Keep, OlderThan, DryRun, BackupFolder.Option, CommonOptions.Project, CommonOptions.Json, CommonOptions.Yes })
        {
            command.Options.Add(option);
        }

        command.SetAction(parse => BackupFilesCommands.Run(parse, output => Execute(parse, output)));
        return command;
    }

    private static int Execute(ParseResult parse, Output output)
    {
        var keep = parse.GetValue(Keep);
        var olderThan = parse.GetValue(OlderThan);
        if ((keep is null) == (olderThan is null))
        {
            throw new ToolException("Give exactly one of --keep N or --older-than D (e.g. --keep 10, --older-than 30d).");
        }

        var folder = BackupFolder.Resolve(parse);
        var newestFirst = BackupFolder.Files(folder, output.Warn).Select(f => (File: f, Time: CreatedAt(f))).OrderByDescending(b => b.Time)
            .ThenByDescending(b => b.File, StringComparer.Ordinal).ToList();
        var cutoff = olderThan is null ? (DateTimeOffset?)null : DateTimeOffset.UtcNow - Durations.Parse(olderThan, "--older-than");
        var deleted = newestFirst.Where((b, i) => cutoff is null ? i >= keep : b.Time < cutoff).Select(b => b.File).ToList();
        var kept = newestFirst.Select(b => b.File).Except(deleted).ToList();
        var dryRun = parse.GetValue(DryRun);
        if (deleted.Count > 0 && !dryRun && !parse.GetValue(CommonOptions.Yes) && !Confirmed(output, deleted.Count, folder))
        {
            throw new ToolException($"Deleting {deleted.Count} backup(s) needs confirmation: pass --yes (or --dry-run to see which).", ExitCodes.Refused);
        }

        if (!dryRun)
        {
            deleted.ForEach(File.Delete);
        }

        List<string> Names(List<string> files) => files.Select(Path.GetFileName).ToList()!;
        if (output.Json)
        {
            output.Document(JsonSerializer.SerializeToElement(new { folder, dryRun, deleted = Names(deleted), kept = Names(kept) }, ProtocolJson.Documents));
            return ExitCodes.Success;
        }

        output.Result.WriteLine($"{(dryRun ? "Would delete" : "Deleted")} {deleted.Count} backup(s) in {folder}, kept {kept.Count}.");
        Names(deleted).ForEach(f => output.Result.WriteLine($"  {(dryRun ? "would delete" : "deleted")} {f}"));
        Names(kept).ForEach(f => output.Result.WriteLine($"  kept {f}"));
        return ExitCodes.Success;
    }

    /// <summary>The header's time; the file's when the header can't be read.</summary>
    private static DateTimeOffset CreatedAt(string file)
    {
        try
        {
            if (BackupSummary.ReadHeader(file).CreatedAt is { } at)
            {
                return at;
            }
        }
        catch (InvalidDataException)
        {
            // Encrypted without the key, or damaged: its file time still says how old it is.
        }

        return File.GetLastWriteTimeUtc(file);
    }

    /// <summary>On a terminal, ask; a script (redirected input, or --json) must say --yes.</summary>
    private static bool Confirmed(Output output, int count, string folder)
        => !output.Json && !Console.IsInputRedirected && AnsiConsole.Confirm($"Delete {count} backup(s) from {Markup.Escape(folder)}?", defaultValue: false);
}
