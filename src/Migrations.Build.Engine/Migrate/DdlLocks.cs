using System.Data.Common;
using System.Globalization;
using Migrations.Build.Protocol;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.EntityFrameworkCore.Storage;

namespace Migrations.Build.Engine.Migrate;

/// <summary>
/// How long a migration's statements wait for a table's lock (--ddl-lock-timeout), and what happens
/// when they can't get it. An ALTER TABLE queued behind a long transaction blocks every query that
/// comes after it, so waiting forever takes the app down; this bounds the wait on PostgreSQL
/// (<c>SET lock_timeout</c>) and SQL Server (<c>SET LOCK_TIMEOUT</c>), retries the migration with
/// back-off (its transaction rolled it back whole), and when it still can't, names the sessions
/// holding locks on its tables. Not our migrations lock (--lock-timeout): that one keeps two
/// migrations commands apart. SQLite locks the whole file and has its own busy timeout.
/// </summary>
internal sealed class DdlLocks : IDisposable
{
    private readonly EngineSession _session;
    private readonly string _dialect;
    private bool _applied;

    private DdlLocks(EngineSession session, string dialect)
    {
        _session = session;
        _dialect = dialect;
    }

    /// <summary>
    /// For the moves of one command; the timeout is set on the context's connection before the first migration that meets an existing database.
    /// </summary>
    public static DdlLocks Apply(EngineSession session)
    {
        var provider = session.Context.Database.ProviderName ?? string.Empty;
        var dialect = provider.Contains("Npgsql", StringComparison.OrdinalIgnoreCase) ? "postgres"
            : provider.Contains("SqlServer", StringComparison.OrdinalIgnoreCase) ? "sqlserver" : "none";
        return new DdlLocks(session, session.Request.DdlLockTimeout > 0 ? dialect : "none");
    }

    /// <summary>
    /// Sets the timeout on the connection, held open until disposed so every migration's statements
    /// run under it. Not before the database exists: EF Core creates it with the first migration, and
    /// nobody else can hold a lock in a database just made.
    /// </summary>
    private void SetTimeout()
    {
        if (_applied || _dialect == "none" || !_session.Service<IRelationalDatabaseCreator>().Exists())
        {
            return;
        }

        var ms = (_session.Request.DdlLockTimeout * 1000L).ToString(CultureInfo.InvariantCulture);
        Run(_dialect == "postgres" ? $"SET lock_timeout = {ms}" : $"SET LOCK_TIMEOUT {ms}");
        _applied = true;
    }

    /// <summary>Runs <paramref name="migrate"/>, again after a lock timeout up to --ddl-lock-retries times; then throws, naming the blockers.</summary>
    public void Migrate(string id, Migration migration, bool reverting, Action migrate)
    {
        var retries = Math.Max(0, _session.Request.DdlLockRetries);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                SetTimeout();
                migrate();
                return;
            }
            catch (Exception e) when (_dialect != "none" && IsLockTimeout(e))
            {
                var blockers = Blockers(reverting ? migration.DownOperations : migration.UpOperations);
                var waited = $"{id} waited {_session.Request.DdlLockTimeout} s for a table lock (attempt {attempt} of {retries + 1}) and was rolled back whole";
                if (attempt > retries)
                {
                    throw new EngineException(
                        $"{waited}; giving up. {blockers} Let that session finish (or end it), or run the migration when the app is quiet; "
                        + "--ddl-lock-timeout and --ddl-lock-retries (MSBuild: MigrationsDdlLockTimeout, MigrationsDdlLockRetries) "
                        + "set how long and how often to wait.",
                        ExitCodes.Database, e);
                }

                var pause = TimeSpan.FromSeconds(Math.Min(30, 1 << (attempt - 1)));
                _session.Warn($"{waited}. {blockers} Trying again in {pause.TotalSeconds:0} s.");
                Thread.Sleep(pause);
                _session.Interruption.StopIfRequested(() => $"{id} was not {(reverting ? "reverted" : "applied")}: it was waiting for a table lock. "
                    + "The migrations lock is released.");
            }
        }
    }

    public void Dispose()
    {
        if (_applied)
        {
            Run(_dialect == "postgres" ? "RESET lock_timeout" : "SET LOCK_TIMEOUT -1", close: true);
        }
    }

    /// <summary>PostgreSQL's lock_not_available (55P03), SQL Server's "Lock request time out period exceeded" (1222).</summary>
    internal static bool IsLockTimeout(Exception e)
    {
        for (var x = e; x is not null; x = x.InnerException)
        {
            if (x is DbException { SqlState: "55P03" } || (x is DbException && x.GetType().GetProperty("Number")?.GetValue(x) is 1222))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>"Blocked by ..." for the other sessions holding locks on the tables the operations touch (any table, when they name none).</summary>
    private string Blockers(IEnumerable<MigrationOperation> operations)
    {
        // A foreign key locks the table it points to as well.
        var tables = operations.OfType<ITableMigrationOperation>().Select(t => (t.Schema, t.Table))
            .Concat(operations.OfType<CreateTableOperation>().SelectMany(t => t.ForeignKeys).Concat(operations.OfType<AddForeignKeyOperation>())
                .Select(fk => (fk.PrincipalSchema ?? fk.Schema, fk.PrincipalTable)))
            .Distinct().ToList();
        var sessions = new List<string>();
        try
        {
            using var command = _session.Context.Database.GetDbConnection().CreateCommand();
            command.CommandText = _dialect == "postgres" ? PostgresBlockers(tables) : SqlServerBlockers(tables);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var query = reader.IsDBNull(3) ? string.Empty
                    : string.Join(' ', reader.GetString(3).Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));
                sessions.Add($"session {reader.GetValue(0)} (application '{(reader.IsDBNull(1) ? string.Empty : reader.GetString(1))}', "
                    + $"{(reader.IsDBNull(2) ? "?" : reader.GetString(2))}, last query: {(query.Length > 120 ? query[..120] + "..." : query)})");
            }
        }
        catch (DbException e)
        {
            return $"The sessions holding the lock could not be read ({e.Message}).";
        }

        return sessions.Count == 0 ? "No session holds a lock on its tables any more." : $"Blocked by {string.Join("; ", sessions)}.";
    }

    private static string PostgresBlockers(IReadOnlyList<(string? Schema, string Table)> tables)
    {
        var names = string.Join(", ",
            tables.Select(t => $"to_regclass('{Literal(t.Schema is null ? Quote(t.Table) : $"{Quote(t.Schema)}.{Quote(t.Table)}")}')"));
        return "SELECT DISTINCT a.pid, a.application_name, a.state, a.query FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
            + "WHERE l.granted AND l.locktype = 'relation' AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database()) "
            + "AND a.pid <> pg_backend_pid()" + (tables.Count == 0 ? string.Empty : $" AND l.relation IN ({names})");

        static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    private static string SqlServerBlockers(IReadOnlyList<(string? Schema, string Table)> tables)
    {
        var names = string.Join(", ",
            tables.Select(t => $"OBJECT_ID(N'{Literal(t.Schema is null ? Bracket(t.Table) : $"{Bracket(t.Schema)}.{Bracket(t.Table)}")}')"));
        return "SELECT DISTINCT s.session_id, s.program_name, s.status, q.text FROM sys.dm_tran_locks l "
            + "JOIN sys.dm_exec_sessions s ON s.session_id = l.request_session_id LEFT JOIN sys.dm_exec_connections c ON c.session_id = s.session_id "
            + "OUTER APPLY sys.dm_exec_sql_text(c.most_recent_sql_handle) q "
            + "WHERE l.resource_database_id = DB_ID() AND l.request_status = 'GRANT' AND l.resource_type = 'OBJECT' AND l.request_session_id <> @@SPID"
            + (tables.Count == 0 ? string.Empty : $" AND l.resource_associated_entity_id IN ({names})");

        static string Bracket(string name) => "[" + name.Replace("]", "]]", StringComparison.Ordinal) + "]";
    }

    private static string Literal(string text) => text.Replace("'", "''", StringComparison.Ordinal);

    private void Run(string sql, bool close = false)
    {
        if (_dialect == "none")
        {
            return;
        }

        var database = _session.Context.Database;
        if (!close)
        {
            database.OpenConnection();
        }

        try
        {
            using var command = database.GetDbConnection().CreateCommand();
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }
        catch (DbException) when (close)
        {
            // The connection is closed next anyway, and the setting goes with it.
        }
        finally
        {
            if (close)
            {
                database.CloseConnection();
            }
        }
    }
}
