using System.Data;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;

namespace Migrations.Build.Engine.Concurrency;

/// <summary>
/// EF Core's own migration lock on SQLite is a row in <c>__EFMigrationsLock</c>, inserted for each
/// Migrate call and deleted after it. A process killed during a migration leaves the row behind,
/// and EF Core then waits for it forever. Our lock (a file lock the OS lets go of with the process)
/// is held by every command of ours that migrates, so a row found while we hold ours was left by
/// one that was killed: it is removed, with a warning. (A migration run by other means at the same
/// time, without our lock, would lose EF Core's protection: run one migrator at a time.)
/// </summary>
internal static class StaleSqliteMigrationLock
{
    private const string Table = "__EFMigrationsLock";

    public static void Release(EngineSession session)
    {
        var connection = session.Context.Database.GetDbConnection();
        var opened = connection.State != ConnectionState.Open;
        if (opened)
        {
            connection.Open();
        }

        try
        {
            if (Scalar(connection, $"SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '{Table}'") is 0L)
            {
                return;
            }

            if (Scalar(connection, $"SELECT MIN(\"Timestamp\") FROM \"{Table}\"") is string since)
            {
                using var delete = connection.CreateCommand();
                delete.CommandText = $"DELETE FROM \"{Table}\"";
                delete.ExecuteNonQuery();
                session.Warn($"EF Core's migration lock on this database was left taken (since {since}) by a migrations command that was killed; released it.");
            }
        }
        finally
        {
            if (opened)
            {
                connection.Close();
            }
        }
    }

    private static object? Scalar(DbConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
