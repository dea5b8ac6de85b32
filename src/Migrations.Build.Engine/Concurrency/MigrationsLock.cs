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
internal sealed class MigrationsLock : IDisposable
{
    /// <summary>The advisory lock's key on PostgreSQL (advisory locks are per database): "MigBuild" in ASCII.</summary>
    public const long PostgresKey = 0x4D6967_4275696C64;

    public const string SqlServerResource = "Migrations.Build";

    private readonly IDisposable _held;

    private MigrationsLock(IDisposable held) => _held = held;

    /// <summary>
    /// Takes the lock, waiting up to the request's lock timeout; when another command holds it that
    /// long, refuses with exit code 4. Providers without a lock of ours go on with a warning.
    /// </summary>
    public static MigrationsLock Acquire(EngineSession session) => Acquire(session, TimeSpan.FromSeconds(session.Request.LockTimeout));

    /// <summary>Takes the lock, waiting up to <paramref name="timeout"/> (zero: only if it is free now).</summary>
    public static MigrationsLock Acquire(EngineSession session, TimeSpan timeout)
    {
        if (!session.Service<Microsoft.EntityFrameworkCore.Storage.IRelationalDatabaseCreator>().Exists())
        {
            // Nothing to lock yet; the command that creates the database is the first one there.
            return new MigrationsLock(new Nothing());
        }

        var provider = session.Context.Database.ProviderName ?? string.Empty;
        var connectionString = session.Context.Database.GetConnectionString() ?? string.Empty;
        var watch = Stopwatch.StartNew();
        IDisposable? held = null;
        var announced = false;
        while (held is null)
        {
            held = provider switch
            {
                _ when provider.Contains("Sqlite", StringComparison.OrdinalIgnoreCase) => TryFile(session.Context.Database.GetDbConnection()),
                _ when provider.Contains("Npgsql", StringComparison.OrdinalIgnoreCase) => TryServer(session, connectionString,
                    $"SELECT pg_try_advisory_lock({PostgresKey})", r => r is true, $"SELECT pg_advisory_unlock({PostgresKey})"),
                _ when provider.Contains("SqlServer", StringComparison.OrdinalIgnoreCase) => TryServer(session, connectionString,
                    $"DECLARE @r int; EXEC @r = sp_getapplock @Resource = '{SqlServerResource}', @LockMode = 'Exclusive', @LockOwner = 'Session', @LockTimeout = 0; SELECT @r",
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
                    $"Another migrations command holds the database's migrations lock; waited {timeout.TotalSeconds:0} s. "
                    + "Let it finish and try again, or wait longer with --lock-timeout <seconds>.", ExitCodes.Refused);
            }

            if (!announced)
            {
                session.Info($"Waiting for another migrations command to finish (up to {timeout.TotalSeconds:0} s)...");
                announced = true;
            }

            Thread.Sleep(250);
        }

        if (provider.Contains("Sqlite", StringComparison.OrdinalIgnoreCase))
        {
            StaleSqliteMigrationLock.Release(session);
        }

        return new MigrationsLock(held);
    }

    public void Dispose() => _held.Dispose();

    private static IDisposable? TryFile(DbConnection connection)
    {
        var path = connection.DataSource;
        if (string.IsNullOrEmpty(path) || path == ":memory:")
        {
            return new Nothing();
        }

        var lockPath = Path.GetFullPath(path) + ".migrations-lock";
        try
        {
            // The OS lock goes with the handle when the process ends, so a crash never leaves it held.
            // The file stays: deleting it on close would let a waiter lock the old, unlinked file
            // while a newcomer locks a new one.
            return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new EngineException($"The migrations lock {lockPath} can't be created beside the database ({e.Message}). Let the command write to that folder.", ExitCodes.Refused, e);
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static IDisposable? TryServer(EngineSession session, string connectionString, string sql, Func<object?, bool> acquired, string release)
    {
        // A connection of its own: the lock lives as long as it, whatever the context's connection does.
        var context = session.Context.Database.GetDbConnection();
        var own = context is ICloneable cloneable ? (DbConnection)cloneable.Clone() : (DbConnection)Activator.CreateInstance(context.GetType())!;
        if (string.IsNullOrEmpty(own.ConnectionString))
        {
            own.ConnectionString = connectionString;
        }

        try
        {
            own.Open();
            using var command = own.CreateCommand();
            command.CommandText = sql;
            if (acquired(command.ExecuteScalar()))
            {
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
