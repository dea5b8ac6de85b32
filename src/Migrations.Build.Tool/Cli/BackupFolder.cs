using System.CommandLine;
using Migrations.Build.Protocol.Backups;
using Migrations.Build.Tool.Cli;
using Migrations.Build.Tool.Projects;

namespace Migrations.Build.Tool.Cli;

/// <summary>The backup folder of the file commands (--backup-dir, or beside --project) and the backups in it.</summary>
internal static class BackupFolder
{
    public static readonly Option<string?> Option = CommonOptions.NotEmpty(new("--backup-dir")
    {
        Description = "The backup folder. Default: migrations-backups beside the project.",
    });

    /// <summary>--backup-dir as a full path, or null for the default (migrations-backups beside the project).</summary>
    public static string? Given(ParseResult parse)
    {
        var dir = parse.GetValue(Option) is { } given ? Path.GetFullPath(given) : null;
        return dir is not null && File.Exists(dir)
            ? throw new ToolException($"--backup-dir {dir} is a file, not a folder. Give the folder that holds (or will hold) the backups.")
            : dir;
    }

    public static string Resolve(ParseResult parse) => Given(parse)
        ?? Path.Combine(ProjectLocator.FolderOf(parse.GetValue(CommonOptions.Project)), BackupFormat.DefaultFolder);

    /// <summary>The backup file a user named, as a full path; a folder, a missing file or none is a usage error that says so.</summary>
    public static string BackupFile(string? given)
    {
        if (string.IsNullOrWhiteSpace(given))
        {
            throw new ToolException($"No backup file was given. List the backups with '{MigrateCli.Name} list-backups'.");
        }

        var file = Path.GetFullPath(given);
        if (Directory.Exists(file))
        {
            throw new ToolException($"{file} is a folder, not a backup file. List its backups with '{MigrateCli.Name} list-backups --backup-dir {given}'.");
        }

        return File.Exists(file)
            ? file
            : throw new ToolException($"The backup file {file} does not exist. List the backups with '{MigrateCli.Name} list-backups'.");
    }

    /// <summary>
    /// Every finished backup, plain, compressed or encrypted; a .partial one is never a backup. An entry
    /// that can't be opened (a link to nothing, a file it may not read) is left out with a warning, so
    /// one bad entry neither hides the folder's other backups nor is deleted by a prune.
    /// </summary>
    public static List<string> Files(string folder, Action<string> warn)
    {
        var files = new List<string>();
        var entries = Directory.Exists(folder) ? Directory.GetFiles(folder) : [];
        foreach (var file in entries.Where(BackupStreams.IsBackupFile).Order(StringComparer.Ordinal))
        {
            if (Unopenable(file) is { } why)
            {
                warn($"Skipped {file}: {why}");
            }
            else
            {
                files.Add(file);
            }
        }

        return files;
    }

    /// <summary>Why the file can't be opened for reading, or null when it can.</summary>
    private static string? Unopenable(string file)
    {
        try
        {
            using var stream = File.OpenRead(file);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new FileInfo(file).LinkTarget is { } target && e is FileNotFoundException
                ? $"it is a link to {target}, which does not exist."
                : $"it can't be read ({e.Message}).";
        }
    }

    /// <summary>What can be told of a backup whose content can't be read (encrypted, no key): its file, size and layers.</summary>
    public static BackupSummary Unread(string file)
    {
        using var stream = File.OpenRead(file);
        var (compressed, encrypted) = BackupStreams.Sniff(stream);
        return new BackupSummary { File = file, Size = stream.Length, Compressed = compressed, Encrypted = encrypted };
    }
}
