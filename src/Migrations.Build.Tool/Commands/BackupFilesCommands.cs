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
/// <c>list-backups</c> and <c>show-backup &lt;file&gt; [--verify]</c>: they read backup files only, so
/// they need no build, no engine and no database (nor does <see cref="PruneBackupsCommand"/>).
/// </summary>
internal static class BackupFilesCommands
{
    private static readonly Argument<string> File = new("file") { Description = "The backup file." };

    private static readonly Option<bool> Verify = new("--verify") { Description = "Recompute each table's SHA-256 and compare." };

    public static Command ListBackups()
    {
        var command = new Command(
            "list-backups",
            "List the backups in the backup folder: name, time, migration, tables, rows, size, and whether each is compressed or encrypted.");
        command.Options.Add(BackupFolder.Option);
        command.Options.Add(CommonOptions.Project);
        command.Options.Add(CommonOptions.Json);
        command.SetAction(parse => Run(parse, output =>
        {
            var folder = BackupFolder.Resolve(parse);
            var backups = BackupFolder.Files(folder, output.Warn).Select(f => Summary(f, output)).OfType<BackupSummary>().ToList();
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

            // Names and ids never wrap: people copy them into the next command.
            var table = new Table().AddColumn(new TableColumn("File").NoWrap()).AddColumn(new TableColumn("Created (UTC)").NoWrap())
                .AddColumn(new TableColumn("Migration").NoWrap()).AddColumn("Tables").AddColumn("Rows").AddColumn("Size")
                .AddColumn("Compressed").AddColumn("Encrypted");
            foreach (var b in backups)
            {
                // Version 0: the header could not be read (encrypted, no key), so only the file is known.
                string Known(Func<string> value) => b.Version == 0 ? "?" : value();
                table.AddRow(
                    new Text(Path.GetFileName(b.File)),
                    new Text(Known(() => b.CreatedAt?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "?")),
                    new Text(Known(() => b.Migration ?? "base")), new Text(Known(() => b.Tables.Count.ToString(CultureInfo.InvariantCulture))),
                    new Text(Known(() => b.TotalRows.ToString(CultureInfo.InvariantCulture))), new Text(Sizes.Human(b.Size)),
                    new Text(b.Compressed ? "yes" : "no"), new Text(b.Encrypted ? "yes" : "no"));
            }

            output.Result.Write(table);
            if (backups.Any(b => b.Version == 0) && BackupStreams.KeyFromEnvironment() is null)
            {
                output.Info($"Encrypted backups show '?': set {BackupStreams.KeyVariable} to the key they were written with to read them.");
            }

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
            var summary = BackupSummary.Read(BackupFolder.BackupFile(parse.GetValue(File)), verify);
            var bad = summary.Tables.Where(t => t.ChecksumOk == false).ToList();
            if (output.Json)
            {
                output.Document(JsonSerializer.SerializeToElement(summary, ProtocolJson.Documents));
            }
            else
            {
                var layers = (summary.Compressed, summary.Encrypted) switch { (true, true) => " (compressed, encrypted)", (true, false) => " (compressed)",
                    (false, true) => " (encrypted)", _ => string.Empty };
                output.Result.WriteLine($"{summary.File}{layers}: created {summary.CreatedAt:O} by {summary.User} on {summary.Machine}");
                output.Result.WriteLine($"{summary.Provider}, {summary.Database}, at migration {summary.Migration ?? "base"}; {summary.Reason}");
                foreach (var t in summary.Tables)
                {
                    var check = t.ChecksumOk switch { true => "checksum ok", false => "CHECKSUM MISMATCH", null => t.Sha256[..12] };
                    output.Result.WriteLine($"  {t.Name}: {t.Rows} row(s), {check}");
                }
            }

            if (!summary.Complete || bad.Count > 0)
            {
                output.Error(!summary.Complete ? "The backup is incomplete." : $"Checksum mismatch in {string.Join(", ", bad.Select(t => t.Name))}: "
                    + "the file was changed after it was written.");
                return ExitCodes.Findings;
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>A backup's summary; an encrypted one that can't be read is still listed, anything else unreadable is warned about.</summary>
    private static BackupSummary? Summary(string file, Output output)
    {
        try
        {
            return BackupSummary.Read(file, verify: false);
        }
        catch (InvalidDataException e)
        {
            var unread = BackupFolder.Unread(file);
            if (!unread.Encrypted || BackupStreams.KeyFromEnvironment() is not null)
            {
                output.Warn(e.Message);
            }

            return unread.Encrypted ? unread : null;
        }
    }

    /// <summary>
    /// Runs a file command with the contract's exit codes for bad files and paths. A backup key that is
    /// set but blank is refused first, as the engine's commands do, whether or not a file needs it.
    /// </summary>
    public static int Run(ParseResult parse, Func<Output, int> action)
    {
        var output = new Output(parse.GetValue(CommonOptions.Json), verbose: false);
        try
        {
            BackupKey.FromEnvironment();
            return action(output);
        }
        catch (Exception e) when (e is ToolException or BackupKeyException or InvalidDataException or FileNotFoundException or IOException
            or UnauthorizedAccessException)
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
