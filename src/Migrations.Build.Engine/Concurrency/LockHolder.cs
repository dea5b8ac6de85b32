using System.Data.Common;
using System.Globalization;

namespace Migrations.Build.Engine.Concurrency;

/// <summary>
/// Who holds the migrations lock, so that a command that waits in vain can name it. The holder says
/// who it is where a waiter can read it: on PostgreSQL as its lock connection's application_name
/// (read back through pg_locks and pg_stat_activity), on SQLite in a file beside the lock file (the
/// lock file itself can't be read while it is held). SQL Server's holder is not named.
/// </summary>
internal static class LockHolder
{
    /// <summary>This process as a waiter will see it, e.g. "Migrations.Build upgrade, pid 4242, since 11:02:03 UTC".</summary>
    public static string Describe(EngineSession session)
        => $"Migrations.Build {session.Request.Command}, pid {Environment.ProcessId}, "
            + $"since {DateTime.UtcNow.ToString("HH:mm:ss", CultureInfo.InvariantCulture)} UTC";

    /// <summary>The SQLite holder's file, beside the lock file.</summary>
    public static string FileFor(string lockPath) => lockPath + ".holder";

    public static void WriteFile(string lockPath, EngineSession session)
    {
        try
        {
            File.WriteAllText(FileFor(lockPath), $"{Describe(session)} by {Environment.UserName}@{Environment.MachineName}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Naming the holder is a courtesy to waiters; the lock itself is held.
        }
    }

    /// <summary>The holder's own words, when the file is there (null when not: the holder is older or gone).</summary>
    public static string? ReadFile(string lockPath)
    {
        try
        {
            return File.Exists(FileFor(lockPath)) ? File.ReadAllText(FileFor(lockPath)).Trim() : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public static void DeleteFile(string lockPath)
    {
        try
        {
            File.Delete(FileFor(lockPath));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A stale holder file is overwritten by the next holder and read only while the lock is held.
        }
    }

    /// <summary>On PostgreSQL, names the lock's connection after this process.</summary>
    public static void NamePostgresConnection(DbConnection connection, EngineSession session)
    {
        try
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT set_config('application_name', @name, false)";
            var name = command.CreateParameter();
            name.ParameterName = "name";
            name.Value = Describe(session);
            command.Parameters.Add(name);
            command.ExecuteNonQuery();
        }
        catch (DbException)
        {
            // Naming the holder is a courtesy to waiters; the lock itself is held.
        }
    }

    /// <summary>
    /// On PostgreSQL, the session holding the advisory lock: its application name, user and address
    /// (a bigint key is held as classid = its high 32 bits, objid = its low 32 bits, objsubid = 1).
    /// </summary>
    public static string? FindOnPostgres(DbConnection connection, long key)
    {
        try
        {
            using var command = connection.CreateCommand();
            command.CommandText =
                "SELECT coalesce(nullif(a.application_name, ''), 'a session') || ' (user ' || a.usename || coalesce(' from ' || host(a.client_addr), '') "
                + "|| ', backend pid ' || a.pid || ')' FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
                + "WHERE l.locktype = 'advisory' AND l.granted AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database()) "
                + $"AND l.classid = {key >> 32} AND l.objid = {key & 0xFFFFFFFF} AND l.objsubid = 1 LIMIT 1";
            return command.ExecuteScalar() as string;
        }
        catch (DbException)
        {
            return null; // e.g. a role that may not read pg_stat_activity
        }
    }
}
