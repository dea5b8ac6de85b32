using Migrations.Build.Engine.Migrate;
using Migrations.Build.Protocol;
using Migrations.Build.Protocol.Results;
using Microsoft.EntityFrameworkCore.Storage;

namespace Migrations.Build.Engine.Reset;

/// <summary>
/// <c>reset-dev</c>: drops the development database and builds it again at head, one migration at a
/// time. Never in a production environment, whoever asks (the tool, or an app embedding the
/// engine); the tool also asks before a connection that isn't the app's own. No migrations lock: a lock held on its own connection would stop the database from
/// being dropped.
/// </summary>
internal static class ResetOperations
{
    public static int ResetDev(EngineSession session)
    {
        if (session.IsProduction)
        {
            throw new EngineException($"reset-dev drops the database, so it never runs in a production environment ({session.EnvironmentName}).",
                ExitCodes.Refused);
        }

        var creator = session.Service<IRelationalDatabaseCreator>();
        var existed = creator.Exists();
        session.AnnounceDatabase();
        if (existed)
        {
            session.Events.Progress("Dropping the database", 0, 1);
            creator.Delete();
        }

        var catalog = MigrationCatalog.Load(session);
        if (catalog.Pending.Count > 0)
        {
            MigrateOperations.Move(session, catalog, catalog.Pending, catalog.Head, "Applying");
        }
        else
        {
            creator.Create();
        }

        session.Events.Result(new ResetResult { Dropped = existed, To = catalog.Head, Applied = catalog.Pending, Database = session.DatabaseInfo });
        return ExitCodes.Success;
    }
}
