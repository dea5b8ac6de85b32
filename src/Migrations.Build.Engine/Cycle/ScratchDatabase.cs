using Migrations.Build.Engine.Concurrency;
using Migrations.Build.Protocol;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Migrations.Build.Engine.Cycle;

/// <summary>
/// The database the cycle runs on: the one given with --connection, which must be empty unless
/// --allow-existing; else a temporary one, deleted afterwards: a SQLite file when the app uses SQLite,
/// a new database on the app's server on PostgreSQL and SQL Server (<see cref="ServerScratchDatabase"/>).
/// Never in a Production environment: the cycle drops everything the migrations create.
/// </summary>
internal sealed class ScratchDatabase : IDisposable
{
    private readonly string? _file;
    private readonly IDisposable? _lock;
    private readonly ServerScratchDatabase? _server;
    private bool _disposed;

    private ScratchDatabase(string? file, IDisposable? held, ServerScratchDatabase? server = null)
    {
        _file = file;
        _lock = held;
        _server = server;
    }

    /// <summary>True when the database is a temporary one of ours.</summary>
    public bool Temporary => _file is not null || _server is not null;

    /// <summary>How the cycle's announcement names it.</summary>
    public string Describe(EngineSession session)
        => _server is not null ? $"the temporary database {_server.Name}" : _file is not null ? "a temporary database"
            : session.DatabaseInfo.Connection ?? "the --connection database";

    /// <param name="what">What the command does there, for its refusals ("test takes every migration down and up again").</param>
    public static ScratchDatabase Prepare(EngineSession session, string what = "test takes every migration down and up again")
    {
        if (session.IsProduction)
        {
            throw new EngineException(
                $"{what}, dropping what they create: it never runs in a production environment ({session.EnvironmentName}). "
                + "Run it with a scratch database in Development or CI.", ExitCodes.Refused);
        }

        var database = session.Context.Database;
        if (session.ConnectionOverride is not null)
        {
            var creator = session.Service<IRelationalDatabaseCreator>();
            if (creator.Exists() && creator.HasTables() && !session.Request.AllowExisting)
            {
                throw new EngineException(
                    $"The database {session.DatabaseInfo.Connection} already has tables, and {what.Split(' ')[0]} drops what the migrations create. "
                    + "Give an empty scratch database with --connection, or pass --allow-existing if this one may be changed.");
            }

            return new ScratchDatabase(null, DatabaseLock.Acquire(session));
        }

        if (ServerScratchDatabase.Handles(database.ProviderName))
        {
            return new ScratchDatabase(null, null, ServerScratchDatabase.Create(session));
        }

        if (database.ProviderName?.Contains("Sqlite", StringComparison.OrdinalIgnoreCase) != true)
        {
            throw new EngineException(
                $"{what.Split(' ')[0]} needs a scratch database to take the migrations up and down on; with {database.ProviderName} it can't make one itself. "
                + "Give an empty database with --connection (or MIGRATIONS_CONNECTION); never the app's real one.");
        }

        // Set before anything opens the app's own database; no pooling, so the file can be deleted.
        var file = Path.Combine(Path.GetTempPath(), $"migrations-test-{Guid.NewGuid():N}.db");
        database.SetConnectionString($"Data Source={file};Pooling=False");
        return new ScratchDatabase(file, null);
    }

    /// <summary>Once: before the result when the cycle ends, else when it fails.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _lock?.Dispose();
        _server?.Dispose();
        if (_file is null)
        {
            return;
        }

        foreach (var path in new[] { _file, _file + "-wal", _file + "-shm", _file + "-journal", _file + ".migrations-lock" })
        {
            try
            {
                File.Delete(path);
            }
            catch (IOException)
            {
                // Still open for a moment: the temp folder is cleaned by the OS later.
            }
        }
    }
}
