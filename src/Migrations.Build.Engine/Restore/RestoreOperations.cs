using Migrations.Build.Engine.Concurrency;
using Migrations.Build.Protocol;
using Migrations.Build.Protocol.Backups;
using Migrations.Build.Protocol.Results;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Migrations.Build.Engine.Restore;

/// <summary>
/// <c>restore &lt;file&gt;</c>: puts a backup's rows back into the tables as they are now. A first pass
/// reads the whole file (checksums, completeness) and converts every value to its column's type
/// without writing; only when all of that holds does the second pass write, one transaction per
/// table, under the migrations lock. A bad file, a wrong key or a value that can't be mapped changes nothing.
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
            throw new EngineException("There is no database to restore into yet. Create it at the backup's migration first (dotnet migrate upgrade).", ExitCodes.Database);
        }

        // The header alone tells a file that is no backup, of a newer format or sealed with another key:
        // refused before the lock (and SQLite's lock file) is taken. Damage further in needs the whole read below.
        Open(path, key).Dispose();
        using var held = MigrationsLock.Acquire(session);
        session.AnnounceDatabase();
        connection.Open();
        try
        {
            var dialect = RestoreDialect.For(session.Context.Database.ProviderName ?? string.Empty, sql);
            var targets = Refusing(() => Check(session, path, key, connection, dialect), "Nothing was restored.");
            var restorer = new TableRestorer(connection, sql, dialect);
            var results = new List<RestoreTableResult>();
            using var backup = Open(path, key);
            foreach (var table in backup.Tables())
            {
                if (!targets.TryGetValue(Key(table.Name, table.Schema), out var target))
                {
                    continue;
                }

                var i = results.Count;
                void StopIfInterrupted() => session.Interruption.StopIfRequested(() => $"{target.Display} and the tables after it were not restored "
                    + $"(its rows so far were rolled back with its transaction); {(results.Count == 0 ? "no table was restored" : "restored: " + string.Join(", ", results.Select(r => r.Name)))}. "
                    + "The migrations lock is released; restoring the file again puts every table back.");
                StopIfInterrupted();
                session.Events.Progress($"Restoring {target.Display}", i, targets.Count);
                long inserted, updated;
                try
                {
                    (inserted, updated) = restorer.Restore(target, table.Rows(), n =>
                    {
                        StopIfInterrupted();
                        session.Events.Progress($"Restoring {target.Display}: {n} rows", i, targets.Count);
                    });
                }
                catch (System.Data.Common.DbException e)
                {
                    var before = results.Count == 0 ? "No table before it was changed" : $"Tables restored before it stay restored: {string.Join(", ", results.Select(r => r.Name))}";
                    throw new EngineException($"Restoring {target.Display} failed: {e.Message} Its rows were rolled back. {before}.", ExitCodes.Database, e);
                }

                results.Add(new RestoreTableResult(table.Name, inserted + updated, inserted, updated, target.Missing));
            }

            session.Events.Progress("Restore done", targets.Count, targets.Count);
            session.Events.Result(new RestoreResult { File = path, Tables = results });
            return ExitCodes.Success;
        }
        finally
        {
            connection.Close();
        }
    }

    /// <summary>The first pass: every check that can refuse, before anything is written.</summary>
    private static Dictionary<string, RestoreTarget> Check(EngineSession session, string path, string? key, System.Data.Common.DbConnection connection, RestoreDialect dialect)
    {
        using var backup = Open(path, key);
        var provider = session.Context.Database.ProviderName;
        if (backup.Header.GetValueOrDefault("provider") is { } from && from != provider)
        {
            session.Warn($"The backup was made on {from}; restoring into {provider}, converting each value to its column's type.");
        }

        var wanted = session.Request.Tables;
        var model = session.Service<IDesignTimeModel>().Model.GetRelationalModel();
        var targets = new Dictionary<string, RestoreTarget>(StringComparer.OrdinalIgnoreCase);
        var found = new List<string>();
        var bad = new List<string>();
        foreach (var table in backup.Tables())
        {
            found.Add(table.Name);
            if (wanted.Count > 0 && !wanted.Contains(table.Name, StringComparer.OrdinalIgnoreCase))
            {
                continue;
            }

            var modelKey = model.FindTable(table.Name, table.Schema)?.PrimaryKey?.Columns.Select(c => c.Name).ToList() ?? [];
            var target = RestoreTarget.Describe(connection, dialect, table.Name, table.Schema, table.Columns, modelKey)
                ?? throw new EngineException($"Table {table.Name} is not in the database now, so its rows have nowhere to go. "
                    + "Upgrade to a migration that has it (dotnet migrate upgrade), or leave it out with --tables. Nothing was restored.");
            if (target.Columns.Count == 0)
            {
                throw new EngineException($"None of the backed-up columns of {target.Display} ({string.Join(", ", target.Missing)}) is in the table now. Nothing was restored.");
            }

            session.Interruption.StopIfRequested(() => "stopped while checking the backup; nothing was restored.");
            session.Events.Progress($"Checking {target.Display}", targets.Count, Math.Max(wanted.Count, targets.Count + 1));
            foreach (var row in table.Rows())
            {
                target.Values(row);
            }

            if (!table.ChecksumOk)
            {
                bad.Add(table.Name);
            }

            foreach (var column in target.Missing)
            {
                session.Warn($"{target.Display}.{column} is in the backup but not in the table now: its values are not restored (they stay in the backup).");
            }

            targets[Key(table.Name, table.Schema)] = target;
        }

        if (!backup.Complete)
        {
            throw new EngineException($"{path} is incomplete (the backup did not finish). Nothing was restored.");
        }

        if (bad.Count > 0)
        {
            throw new EngineException($"Checksum mismatch in {string.Join(", ", bad)}: {path} was changed after it was written. Nothing was restored.");
        }

        var unknown = wanted.Where(w => !found.Contains(w, StringComparer.OrdinalIgnoreCase)).ToList();
        if (unknown.Count > 0)
        {
            throw new EngineException($"The backup has no table {string.Join(", ", unknown)}. It has: {string.Join(", ", found)}.");
        }

        return targets;
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

    private static string Key(string name, string? schema) => (schema ?? string.Empty) + "." + name;
}
