using System.Data.Common;
using System.Runtime.InteropServices;
using System.Text;
using Migrations.Build.Protocol;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Migrations.Build.Engine.Cycle;

/// <summary>
/// On PostgreSQL and SQL Server without --connection: a new database <c>&lt;appdb&gt;_mtest_&lt;8 hex&gt;</c> on the
/// app's server, made with the app's own credentials (its connection string with only the database
/// replaced), and dropped afterwards: after a failing cycle, an exception, and on Ctrl+C or SIGTERM,
/// which drop it at once (ending the cycle's connection) and stop the engine.
/// </summary>
internal sealed class ServerScratchDatabase : IDisposable
{
    private readonly EngineSession _session;
    private readonly Type _connectionType;
    private readonly string _admin;
    private readonly bool _postgres;
    private readonly object _gate = new();
    private PosixSignalRegistration[] _signals = [];
    private bool _created;
    private bool _dropped;
    private int _signalled;

    private ServerScratchDatabase(EngineSession session, Type connectionType, string admin, string name, bool postgres)
    {
        _session = session;
        _connectionType = connectionType;
        _admin = admin;
        Name = name;
        _postgres = postgres;
    }

    public string Name { get; }

    public static bool Handles(string? provider)
        => provider is not null
            && (provider.Contains("Npgsql", StringComparison.OrdinalIgnoreCase) || provider.Contains("SqlServer", StringComparison.OrdinalIgnoreCase));

    public static ServerScratchDatabase Create(EngineSession session)
    {
        var database = session.Context.Database;
        var postgres = database.ProviderName!.Contains("Npgsql", StringComparison.OrdinalIgnoreCase);

        // The configured string, read before anything opens a connection: Npgsql drops the password from an opened one's.
        var configured = database.GetConnectionString();
        var connection = database.GetDbConnection();
        var factory = DbProviderFactories.GetFactory(connection);
        var builder = factory?.CreateConnectionStringBuilder();
        if (string.IsNullOrEmpty(configured) || builder is null)
        {
            throw new EngineException(
                $"test makes a temporary database on the app's server from its connection string, but {session.Context.GetType().Name} has none "
                + "(a connection or data source given as an object). "
                + "Give an empty scratch database with --connection (or MIGRATIONS_CONNECTION).");
        }

        builder.ConnectionString = configured;
        var name = NewName(builder.TryGetValue("Database", out var app) ? app as string : null);
        builder["Database"] = postgres ? "postgres" : "master";
        builder["Pooling"] = false;
        var admin = builder.ConnectionString;
        builder.ConnectionString = configured;
        builder["Database"] = name;

        var scratch = new ServerScratchDatabase(session, connection.GetType(), admin, name, postgres);
        scratch.TrapSignals();
        database.SetConnectionString(builder.ConnectionString);
        try
        {
            lock (scratch._gate)
            {
                scratch._created = true;
                session.Service<IRelationalDatabaseCreator>().Create();
            }
        }
        catch (Exception e) when (Denied(e))
        {
            scratch._created = false;
            scratch.Dispose();
            throw new EngineException(
                $"test makes a temporary database on the app's server, but the app's user may not create databases ({Innermost(e).Message.Trim()}). "
                + (postgres ? "Grant it CREATEDB (ALTER ROLE <user> CREATEDB)" : "Add its login to the dbcreator server role")
                + ", or give --connection to an empty scratch database.", ExitCodes.Usage, e);
        }
        catch
        {
            scratch.Dispose();
            throw;
        }

        session.Info($"Created the temporary database {name} ({session.DatabaseInfo.Connection}); it is dropped afterwards.");
        return scratch;
    }

    /// <summary>The app's database name with a random suffix, within PostgreSQL's 63 bytes (SQL Server allows 128).</summary>
    private static string NewName(string? app)
    {
        var suffix = $"_mtest_{Guid.NewGuid().ToString("N")[..8]}";
        var prefix = string.IsNullOrEmpty(app) ? "migrations" : app;
        while (Encoding.UTF8.GetByteCount(prefix) > 63 - suffix.Length)
        {
            prefix = prefix[..^1];
        }

        return prefix + suffix;
    }

    /// <summary>PostgreSQL's insufficient_privilege (42501); SQL Server's "CREATE DATABASE permission denied" (262).</summary>
    private static bool Denied(Exception e)
    {
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is DbException db && (db.SqlState == "42501" || (inner.GetType().GetProperty("Number")?.GetValue(inner) is int number && number == 262)))
            {
                return true;
            }
        }

        return false;
    }

    private static Exception Innermost(Exception e) => e.InnerException is { } inner && inner is DbException ? Innermost(inner) : e;

    /// <summary>
    /// test has no stop points: a signal drops the database at once, which ends the cycle's connection,
    /// and stops the engine with the exit code for an interruption.
    /// </summary>
    private void TrapSignals()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        _signals = [PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal), PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal)];
    }

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        if (Interlocked.Exchange(ref _signalled, 1) == 1)
        {
            return; // The same key press, forwarded by the tool, or another while the drop is in progress.
        }

        // After a Create in progress; held until the process ends: the main thread, whose connection this ends, waits in Dispose.
        Monitor.Enter(_gate);
        var message = !_created ? "Interrupted before the temporary database was made; nothing was changed."
            : Drop() ? $"Interrupted: the temporary database {Name} was dropped; nothing else was changed."
            : $"Interrupted: the temporary database {Name} could not be dropped; drop it by hand.";
        _session.Events.Failure(ExitCodes.Interrupted, message);
        Environment.Exit(ExitCodes.Interrupted);
    }

    /// <summary>Ends every connection to the database (the pools' first) and drops it; false when that failed (said as a warning).</summary>
    private bool Drop()
    {
        if (!_created || _dropped)
        {
            return true;
        }

        try
        {
            _connectionType.GetMethod("ClearAllPools", Type.EmptyTypes)?.Invoke(null, null);
            using var admin = (DbConnection)Activator.CreateInstance(_connectionType)!;
            admin.ConnectionString = _admin;
            admin.Open();
            using var command = admin.CreateCommand();
            var quoted = _postgres ? $"\"{Name.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : $"[{Name.Replace("]", "]]", StringComparison.Ordinal)}]";
            var literal = Name.Replace("'", "''", StringComparison.Ordinal);

            // On PostgreSQL no new connection may come in (the cycle's thread, its own ended, might open one) before the rest are ended.
            command.CommandText = _postgres
                ? $"DO $$BEGIN IF EXISTS (SELECT FROM pg_database WHERE datname = '{literal}') THEN EXECUTE "
                    + $"'{$"ALTER DATABASE {quoted} WITH ALLOW_CONNECTIONS false".Replace("'", "''", StringComparison.Ordinal)}'; END IF; END$$; "
                    + $"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{literal}' AND pid <> pg_backend_pid()"
                : $"IF DB_ID(N'{literal}') IS NOT NULL ALTER DATABASE {quoted} SET SINGLE_USER WITH ROLLBACK IMMEDIATE";
            command.ExecuteNonQuery();
            command.CommandText = $"DROP DATABASE IF EXISTS {quoted}";
            command.ExecuteNonQuery();
            _dropped = true;
            _session.Info($"Dropped the temporary database {Name}.");
            return true;
        }
        catch (Exception e) when (e is DbException or InvalidOperationException or System.Reflection.TargetInvocationException)
        {
            _session.Warn($"The temporary database {Name} could not be dropped ({e.Message.Trim()}); drop it by hand.");
            return false;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            try
            {
                _session.Context.Database.CloseConnection();
            }
            catch (Exception e) when (e is DbException or InvalidOperationException)
            {
                // Ended already: the drop ends it anyway.
            }

            Drop();
            foreach (var signal in _signals)
            {
                signal.Dispose();
            }

            _signals = [];
        }
    }
}
