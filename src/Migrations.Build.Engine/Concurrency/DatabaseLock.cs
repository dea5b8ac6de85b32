using System.Data.Common;
using System.Diagnostics;
using Migrations.Build.Protocol;
using Microsoft.EntityFrameworkCore;

namespace Migrations.Build.Engine.Concurrency;

/// <summary>
/// Our own exclusive lock on the database, held across the steps of one command (a rollback's
/// validate, backup and downgrade) so no other upgrade, downgrade, rollback or restore runs in
/// between. It is not EF Core's migration lock, which EF takes and releases inside each Migrate call:
/// holding that one would deadlock our own Migrate. PostgreSQL: a session advisory lock; SQL Server:
/// a session application lock; SQLite: an exclusive lock on a file beside the database. Each is held
/// by a connection or file of its own and let go when the process ends, however it ends.
/// </summary>
internal sealed class DatabaseLock : IDisposable
{
    /// <summary>The advisory lock's key on PostgreSQL (advisory locks are per database): "MigBuild" in ASCII.</summary>
    public const long PostgresKey = 0x4D6967_4275696C64;

    public const string SqlServerResource = "Migrations.Build";

    private readonly IDisposable _held;

    private DatabaseLock(IDisposable held) => _held = held;

    /// <summary>
    /// Takes the lock, waiting up to the request's lock timeout; when another command holds it that
    /// long, refuses with exit code 4. Providers without a lock of ours go on with a warning.
    /// </summary>
    public static DatabaseLock Acquire(EngineSession session) => Acquire(session, TimeSpan.FromSeconds(session.Request.LockTimeout));

    /// <summary>Takes the lock, waiting up to <paramref name="timeout"/> (zero: only if it is free now).</summary>
    public static DatabaseLock Acquire(EngineSession session, TimeSpan timeout)
    {
        var creator = session.Service<Microsoft.EntityFrameworkCore.Storage.IRelationalDatabaseCreator>();
        if (!creator.Exists())
        {
            // Nothing to lock yet; the command that creates the database is the first one there.
            return new DatabaseLock(new Nothing());
        }

        // Read it first: a file that is no database fails here, before a lock file is left beside it.
        creator.HasTables();

        var provider = session.Context.Database.ProviderName ?? string.Empty;
        var connectionString = session.Context.Database.GetConnectionString() ?? string.Empty;
        var watch = Stopwatch.StartNew();
        IDisposable? held = null;
        var announced = false;
        while (held is null)
        {
            held = provider switch
            {
                _ when provider.Contains("Sqlite", StringComparison.OrdinalIgnoreCase) => TryFile(session),
                _ when provider.Contains("Npgsql", StringComparison.OrdinalIgnoreCase) => TryServer(session, connectionString,
                    $"SELECT pg_try_advisory_lock({PostgresKey})", r => r is true, $"SELECT pg_advisory_unlock({PostgresKey})"),
                _ when provider.Contains("SqlServer", StringComparison.OrdinalIgnoreCase) => TryServer(session, connectionString,
                    $"DECLARE @r int; EXEC @r = sp_getapplock @Resource = '{SqlServerResource}', @LockMode = 'Exclusive', @LockOwner = 'Session', "
                        + "@LockTimeout = 0; SELECT @r",
                    r => Convert.ToInt32(r, System.Globalization.CultureInfo.InvariantCulture) >= 0,
                    $"EXEC sp_releaseapplock @Resource = '{SqlServerResource}', @LockOwner = 'Session'"),
                _ => Unsupported(session, provider),
            };
            if (held is not null)
            {
                break;
            }

            session.Interruption.StopIfRequested(() => "stopped while waiting for the migrations lock; nothing was changed.");
            if (watch.Elapsed >= timeout)
            {
                throw new EngineException(
                    $"Another migrations command holds the database's migrations lock{Holder(session, provider, connectionString)}; "
                    + $"waited {timeout.TotalSeconds:0} s. "
                    + "Let it finish and try again, or wait longer with --lock-timeout <seconds>.", ExitCodes.Refused);
            }

            if (!announced)
            {
                session.Info($"Waiting for another migrations command to finish{Holder(session, provider, connectionString)} "
                    + $"(up to {timeout.TotalSeconds:0} s)...");
                announced = true;
            }

            Thread.Sleep(250);
        }

        if (provider.Contains("Sqlite", StringComparison.OrdinalIgnoreCase))
        {
            StaleSqliteMigrationLock.Release(session);
        }

        return new DatabaseLock(held);
    }

    public void Dispose() => _held.Dispose();

    /// <summary>Who holds the lock, as " (held by ...)", or nothing when that isn't known.</summary>
    private static string Holder(EngineSession session, string provider, string connectionString)
    {
        string? holder = null;
        if (provider.Contains("Sqlite", StringComparison.OrdinalIgnoreCase) && SqliteLockPath(session) is { } lockPath)
        {
            holder = LockHolder.ReadFile(lockPath);
        }
        else if (provider.Contains("Npgsql", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                using var own = OwnConnection(session, connectionString);
                own.Open();
                holder = LockHolder.FindOnPostgres(own, PostgresKey);
            }
            catch (DbException)
            {
                // Unknown then; the lock's own attempts report a database that can't be reached.
            }
        }

        return holder is null ? string.Empty : $" (held by {holder})";
    }

    /// <summary>SQLite's lock file beside the database; null for an in-memory one.</summary>
    private static string? SqliteLockPath(EngineSession session)
    {
        var path = session.Context.Database.GetDbConnection().DataSource;
        return string.IsNullOrEmpty(path) || path == ":memory:" ? null : Path.GetFullPath(path) + ".migrations-lock";
    }

    private static IDisposable? TryFile(EngineSession session)
    {
        if (SqliteLockPath(session) is not { } lockPath)
        {
            return new Nothing();
        }

        try
        {
            // The OS lock goes with the handle when the process ends, so a crash never leaves it held.
            // The file stays: deleting it on close would let a waiter lock the old, unlinked file
            // while a newcomer locks a new one.
            var held = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1);
            LockHolder.WriteFile(lockPath, session);
            return new FileLock(held, lockPath);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new EngineException($"The migrations lock {lockPath} can't be created beside the database ({e.Message}). "
                + "Let the command write to that folder.", ExitCodes.Refused, e);
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>A connection of its own: the lock lives as long as it, whatever the context's connection does.</summary>
    private static DbConnection OwnConnection(EngineSession session, string connectionString)
    {
        var context = session.Context.Database.GetDbConnection();
        var own = context is ICloneable cloneable ? (DbConnection)cloneable.Clone() : (DbConnection)Activator.CreateInstance(context.GetType())!;
        if (string.IsNullOrEmpty(own.ConnectionString))
        {
            own.ConnectionString = connectionString;
        }

        return own;
    }

    private static IDisposable? TryServer(EngineSession session, string connectionString, string sql, Func<object?, bool> acquired, string release)
    {
        var own = OwnConnection(session, connectionString);
        try
        {
            own.Open();
            using var command = own.CreateCommand();
            command.CommandText = sql;
            if (acquired(command.ExecuteScalar()))
            {
                if (own.GetType().Name.StartsWith("Npgsql", StringComparison.Ordinal))
                {
                    LockHolder.NamePostgresConnection(own, session);
                }

                return new ServerLock(own, release);
            }
        }
        catch
        {
            own.Dispose();
            throw;
        }

        own.Dispose();
        return null;
    }

    /// <summary>
    /// Released explicitly: closing a pooled connection only returns it to the pool, where a session
    /// lock would stay held.
    /// </summary>
    private sealed class ServerLock(DbConnection connection, string release) : IDisposable
    {
        public void Dispose()
        {
            try
            {
                using var command = connection.CreateCommand();
                command.CommandText = release;
                command.ExecuteNonQuery();
            }
            catch (DbException)
            {
                // The connection is gone, and the server released the lock with it.
            }
            finally
            {
                connection.Dispose();
            }
        }
    }

    /// <summary>The SQLite lock: the holder's file goes first, then the OS lock with the handle.</summary>
    private sealed class FileLock(FileStream held, string lockPath) : IDisposable
    {
        public void Dispose()
        {
            LockHolder.DeleteFile(lockPath);
            held.Dispose();
        }
    }

    private static IDisposable Unsupported(EngineSession session, string provider)
    {
        session.Warn($"{provider} has no migrations lock here; make sure no other migrations command runs at the same time.");
        return new Nothing();
    }

    private sealed class Nothing : IDisposable
    {
        public void Dispose()
        {
        }
    }
}
