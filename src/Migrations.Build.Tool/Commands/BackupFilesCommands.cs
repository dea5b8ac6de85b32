using System.CommandLine;
using System.Text.Json;
using Migrations.Build.Protocol;
using Migrations.Build.Protocol.Backups;
using Migrations.Build.Tool.Cli;
using Migrations.Build.Tool.Projects;
using Migrations.Build.Tool.Rendering;
using Spectre.Console;

namespace Migrations.Build.Tool.Commands;

/// <summary>
/// <c>list-backups</c> and <c>show-backup &lt;file&gt; [--verify]</c>: they read backup files only, so
/// they need no build, no engine and no database.
/// </summary>
internal static class BackupFilesCommands
{
    private static readonly Argument<string> File = new("file") { Description = "The backup file." };

    private static readonly Option<bool> Verify = new("--verify") { Description = "Recompute each table's SHA-256 and compare." };

    public static Command ListBackups()
    {
        var command = new Command("list-backups", "List the backups in the backup folder: name, time, migration, tables, rows, size.");
        command.Options.Add(BackupCommand.BackupDir);
        command.Options.Add(CommonOptions.Project);
        command.Options.Add(CommonOptions.Json);
        command.SetAction(parse => Run(parse, output =>
        {
            var folder = parse.GetValue(BackupCommand.BackupDir) is { } dir
                ? Path.GetFullPath(dir)
                : Path.Combine(Path.GetDirectoryName(ProjectLocator.Resolve(parse.GetValue(CommonOptions.Project), "--project"))!, BackupFormat.DefaultFolder);
            var files = Directory.Exists(folder) ? Directory.GetFiles(folder, "*" + BackupFormat.Extension).Order(StringComparer.Ordinal).ToList() : [];
            var backups = files.Select(f => Summary(f, verify: false, output)).OfType<BackupSummary>().ToList();
            if (output.Json)
            {
                output.Document(JsonSerializer.SerializeToElement(new { folder, backups }, ProtocolJson.Documents));
                return ExitCodes.Success;
            }

            if (backups.Count == 0)
            {
                output.Result.WriteLine($"No backups in {folder}.");
                return ExitCodes.Success;
            }

            var table = new Table().AddColumn("File").AddColumn("Created (UTC)").AddColumn("Migration").AddColumn("Tables").AddColumn("Rows").AddColumn("Size");
            foreach (var b in backups)
            {
                table.AddRow(
                    new Text(Path.GetFileName(b.File)), new Text(b.CreatedAt?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) ?? "?"),
                    new Text(b.Migration ?? "base"), new Text(b.Tables.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                    new Text(b.TotalRows.ToString(System.Globalization.CultureInfo.InvariantCulture)), new Text($"{b.Size / 1024.0:0.#} KiB"));
            }

            output.Result.Write(table);
            return ExitCodes.Success;
        }));
        return command;
    }

    public static Command ShowBackup()
    {
        var command = new Command("show-backup", "Show a backup's header and tables; --verify checks every table's SHA-256 (exit 1 on a mismatch).");
        command.Arguments.Add(File);
        command.Options.Add(Verify);
        command.Options.Add(CommonOptions.Json);
        command.SetAction(parse => Run(parse, output =>
        {
            var verify = parse.GetValue(Verify);
            var summary = BackupSummary.Read(Path.GetFullPath(parse.GetValue(File)!), verify);
            var bad = summary.Tables.Where(t => t.ChecksumOk == false).ToList();
            if (output.Json)
            {
                output.Document(JsonSerializer.SerializeToElement(summary, ProtocolJson.Documents));
            }
            else
            {
                output.Result.WriteLine($"{summary.File}: created {summary.CreatedAt:O} by {summary.User} on {summary.Machine}");
                output.Result.WriteLine($"{summary.Provider}, {summary.Database}, at migration {summary.Migration ?? "base"}; {summary.Reason}");
                foreach (var t in summary.Tables)
                {
                    var check = t.ChecksumOk switch { true => "checksum ok", false => "CHECKSUM MISMATCH", null => t.Sha256[..12] };
                    output.Result.WriteLine($"  {t.Name}: {t.Rows} row(s), {check}");
                }
            }

            if (!summary.Complete || bad.Count > 0)
            {
                output.Error(!summary.Complete ? "The backup is incomplete." : $"Checksum mismatch in {string.Join(", ", bad.Select(t => t.Name))}: the file was changed after it was written.");
                return ExitCodes.Findings;
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    private static BackupSummary? Summary(string file, bool verify, Output output)
    {
        try
        {
            return BackupSummary.Read(file, verify);
        }
        catch (InvalidDataException e)
        {
            output.Warn(e.Message);
            return null;
        }
    }

    /// <summary>Runs a file command with the contract's exit codes for bad files and paths.</summary>
    private static int Run(ParseResult parse, Func<Output, int> action)
    {
        var output = new Output(parse.GetValue(CommonOptions.Json), verbose: false);
        try
        {
            return action(output);
        }
        catch (Exception e) when (e is ToolException or InvalidDataException or FileNotFoundException or IOException or UnauthorizedAccessException)
        {
            output.Error(e.Message);
            if (output.Json)
            {
                output.FailureDocument(ExitCodes.Usage, e.Message);
            }

            return e is ToolException te ? te.ExitCode : ExitCodes.Usage;
        }
    }
}
