using System.Globalization;
using Migrations.Build.Protocol;
using Migrations.Build.Protocol.Backups;

namespace Migrations.Build.Engine.Backup;

/// <summary>A backup's header and file: who, where, at which migration and why; never a secret.</summary>
internal static class BackupHeader
{
    public static Dictionary<string, string?> Of(EngineSession session, string? migration, string reason) => new()
    {
        ["createdAt"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
        ["user"] = Environment.UserName,
        ["machine"] = Environment.MachineName,
        ["provider"] = session.DatabaseInfo.Provider,
        ["database"] = session.DatabaseInfo.Connection,
        ["migration"] = migration,
        ["reason"] = reason,
    };

    /// <summary>A new file in the backup folder (created if needed): name_yyyyMMdd_HHmmss with the layers' extension.</summary>
    public static string NewFile(EngineSession session, string name, bool compress, string? key)
    {
        var request = session.Request;
        var folder = Path.GetFullPath(request.BackupDirectory ?? BackupFormat.DefaultFolder, request.ProjectDir);
        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new EngineException($"The backup folder {folder} can't be created ({e.Message}). Choose another with --backup-dir.");
        }

        // Names go by the second. One taken (a backup made this second, or the .partial of one killed
        // this second) is waited out: the next second's name is free unless backups run side by side.
        for (var attempt = 0; ; attempt++)
        {
            var now = DateTime.UtcNow;
            var path = Path.Combine(folder, BackupFormat.FileName(name, now, BackupStreams.Extension(compress, key is not null)));
            if (!File.Exists(path) && !File.Exists(path + ".partial"))
            {
                return path;
            }

            if (attempt == 2)
            {
                throw new EngineException($"{path} already exists; wait a second or give another --name.");
            }

            Thread.Sleep(1000 - now.Millisecond + 10);
        }
    }

    /// <summary>
    /// The folder could not take the file (full, read-only, gone): the writer has already removed
    /// what it wrote, so say that and where else to go.
    /// </summary>
    public static EngineException WriteFailed(string path, IOException e, string changed)
        => new($"Writing the backup {path} failed: {e.Message} {changed}: the unfinished file was removed. "
            + "Free some space, or choose another folder with --backup-dir.", ExitCodes.Usage, e);
}
