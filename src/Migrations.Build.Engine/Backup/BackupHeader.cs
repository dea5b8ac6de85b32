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

        var path = Path.Combine(folder, BackupFormat.FileName(name, DateTime.UtcNow, BackupStreams.Extension(compress, key is not null)));
        return File.Exists(path) ? throw new EngineException($"{path} already exists; wait a second or give another --name.") : path;
    }

    /// <summary>
    /// The folder could not take the file (full, read-only, gone): the writer has already removed
    /// what it wrote, so say that and where else to go.
    /// </summary>
    public static EngineException WriteFailed(string path, IOException e, string changed)
        => new($"Writing the backup {path} failed: {e.Message} {changed}: the unfinished file was removed. "
            + "Free some space, or choose another folder with --backup-dir.", ExitCodes.Usage, e);
}
