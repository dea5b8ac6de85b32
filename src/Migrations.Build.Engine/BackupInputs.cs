using Migrations.Build.Protocol;
using Migrations.Build.Protocol.Backups;

namespace Migrations.Build.Engine;

/// <summary>
/// A request's backup inputs, checked before its command starts so that a bad one changes nothing (no
/// folder, no file, no lock): the key of the verbs that use backups, its strength for those that write
/// one, and backup's name. In the engine, so the tool and MSBuild's targets are held to the same rules.
/// </summary>
internal static class BackupInputs
{
    public static void Check(EngineRequest request)
    {
        if (!EngineCommands.UsesBackups.Contains(request.Command))
        {
            return;
        }

        // A key that is blank or too weak is a BackupKeyException: exit 2 by EngineHost.Classify.
        if (BackupKey.FromEnvironment() is { } key && EngineCommands.WritesBackups.Contains(request.Command))
        {
            BackupKey.RequireStrong(key);
        }

        if (request.Command == EngineVerbs.Backup && request.Name is { } name
            && BackupName.Problem(name, request.FromBuild ? "MigrationsBackupName" : "--name") is { } problem)
        {
            throw new EngineException(problem);
        }
    }
}
