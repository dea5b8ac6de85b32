using System.Data.Common;
using Migrations.Build.Engine.Concurrency;
using Migrations.Build.Engine.Data;
using Migrations.Build.Protocol;
using Migrations.Build.Protocol.Backups;
using Migrations.Build.Protocol.Results;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Migrations.Build.Engine.Restore;

/// <summary>
/// <c>restore &lt;file&gt;</c>: puts a backup's rows back into the tables as they are now. A first pass
/// (<see cref="RestoreCheck"/>) reads the whole file and checks every value against its column
/// without writing; only when all of that holds does the second pass write, every table in one
/// transaction, under the migrations lock. All or nothing: a bad file, a wrong key, a value that
/// can't be mapped or a write the database refuses changes nothing.
/// </summary>
internal static class RestoreOperations
{
    public static int Restore(EngineSession session)
    {
        var path = session.Request.File ?? throw new EngineException("restore needs a backup file: dotnet migrate restore <file>.");
        var key = BackupStreams.KeyFromEnvironment();
        var sql = session.Service<ISqlGenerationHelper>();
        var connection = session.Context.Database.GetDbConnection();
        if (!session.Service<IRelationalDatabaseCreator>().Exists())
        {
            throw new EngineException("There is no database to restore into yet. Create it at the backup's migration first (dotnet migrate upgrade).",
                ExitCodes.Database);
        }

        // The header alone tells a file that is no backup, of a newer format or sealed with another key:
        // refused before the lock (and SQLite's lock file) is taken. Damage further in needs the whole read below.
        Open(path, key).Dispose();
        using var held = DatabaseLock.Acquire(session);
        session.AnnounceDatabase();
        connection.Open();
        try
        {
            var dialect = DataDialect.For(session.Context.Database.ProviderName ?? string.Empty, sql);
            dialect.Prepare(connection);
            var targets = Refusing(() =>
            {
                using var checking = Open(path, key);
                return RestoreCheck.Run(session, checking, () => Open(path, key), connection, dialect);
            }, "Nothing was restored.");
            var results = Write(session, Open(path, key), targets, new TableRestorer(connection, sql, dialect), connection);
            session.Events.Progress("Restore done", targets.Count, targets.Count);
            session.Events.Result(new RestoreResult { File = path, Tables = results });
            return ExitCodes.Success;
        }
        finally
        {
            connection.Close();
        }
    }

    /// <summary>
    /// The second pass: every table in one transaction, so a failure anywhere (a constraint, the
    /// connection, Ctrl+C) leaves every table as it was.
    /// </summary>
    private static List<RestoreTableResult> Write(EngineSession session, BackupReader backup, Dictionary<string, RestoreTarget> targets,
        TableRestorer restorer, DbConnection connection)
    {
        using var file = backup;
        using var transaction = connection.BeginTransaction();
        var results = new List<RestoreTableResult>();
        var total = targets.Values.Sum(t => t.BackedUpRows);
        var before = 0L;
        foreach (var table in backup.Tables())
        {
            if (!targets.TryGetValue(RestoreCheck.Key(table.Name, table.Schema), out var target))
            {
                continue;
            }

            var i = results.Count;
            void StopIfInterrupted()
                => session.Interruption.StopIfRequested(() => $"stopped while restoring {target.Display}: nothing was restored (the rows of every table "
                + "were rolled back together). The migrations lock is released; restoring the file again puts every table back.");
            StopIfInterrupted();
            session.Events.Progress($"Restoring {target.Display}", i, targets.Count, before, total);
            try
            {
                var (inserted, updated) = restorer.Restore(target, table.Rows(), transaction, n =>
                {
                    StopIfInterrupted();
                    session.Events.Progress($"Restoring {target.Display}: {n} rows", i, targets.Count, before + n, total);
                });
                before += inserted + updated;
                results.Add(new RestoreTableResult(table.Name, inserted + updated, inserted, updated, target.Missing));
            }
            catch (DbException e)
            {
                throw new EngineException($"Restoring {target.Display} failed: {e.Message} Nothing was restored: "
                    + "the rows of every table were rolled back together.", ExitCodes.Database, e);
            }
        }

        try
        {
            transaction.Commit();
        }
        catch (DbException e)
        {
            throw new EngineException($"Committing the restore failed: {e.Message} Nothing was restored.", ExitCodes.Database, e);
        }

        return results;
    }

    private static BackupReader Open(string path, string? key) => Refusing(() => BackupReader.Open(path, key), "Nothing was restored.");

    /// <summary>A bad or unreadable backup file is bad input (exit 2), said with what it left changed.</summary>
    private static T Refusing<T>(Func<T> read, string changed)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is InvalidDataException or FileNotFoundException or UnauthorizedAccessException or DirectoryNotFoundException)
        {
            throw new EngineException($"{e.Message} {changed}", ExitCodes.Usage, e);
        }
    }

}
