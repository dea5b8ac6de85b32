using Migrations.Build.Engine.Data;
using Migrations.Build.Engine.Migrate;
using Migrations.Build.Protocol;
using Migrations.Build.Protocol.Backups;
using Migrations.Build.Protocol.Results;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Migrations.Build.Engine.Backup;

/// <summary><c>backup</c>: streams the model's tables (or the named ones) into one JSON backup file.</summary>
internal static class BackupOperations
{
    public static int Backup(EngineSession session)
    {
        var request = session.Request;
        session.AnnounceDatabase();
        var catalog = MigrationCatalog.Load(session);
        if (!catalog.DatabaseExists)
        {
            throw new EngineException("There is no database to back up yet (it does not exist).", ExitCodes.Database);
        }

        var tables = Tables(session, request.Tables);
        var key = BackupStreams.KeyFromEnvironment();
        var path = BackupHeader.NewFile(session, request.Name ?? "backup", request.Compress, key);
        var header = BackupHeader.Of(session, catalog.Current, request.Name is null ? "manual backup" : $"manual backup '{request.Name}'");

        var sql = session.Service<ISqlGenerationHelper>();
        var connection = session.Context.Database.GetDbConnection();
        var written = new List<BackupTableResult>();
        var dialect = DataDialect.For(session.Context.Database.ProviderName ?? string.Empty, sql);
        connection.Open();
        try
        {
            dialect.Prepare(connection);
            using var writer = new BackupWriter(path, header, request.Compress, key);
            var estimate = Estimate(connection, dialect, tables);
            var before = 0L;
            for (var i = 0; i < tables.Count; i++)
            {
                var (name, schema) = tables[i];
                void StopIfInterrupted() => session.Interruption.StopIfRequested(() => $"the backup stopped at {name}, and its unfinished file was removed "
                    + "(nothing was kept; the database was not changed).");
                StopIfInterrupted();
                session.Events.Progress($"Backing up {name}", i, tables.Count, before, estimate);
                if (TableColumns.Read(connection, dialect, name, schema) is not { } columns)
                {
                    // The model's, but not created yet (a pending migration adds it): nothing to keep.
                    session.Warn($"{name} is in the model but not in the database yet (a pending migration creates it); not backed up.");
                    continue;
                }

                using var rows = TableRows.Open(connection, TableColumns.Select(dialect, name, schema, columns));
                var table = session.Timed($"rows of {name} ({rows.GetType().Name})", () => writer.WriteTable(name, schema, rows, columns, n =>
                {
                    StopIfInterrupted();
                    session.Events.Progress($"Backing up {name}: {n} rows", i, tables.Count, before + n, estimate);
                }));
                written.Add(new BackupTableResult(name, table));
                before += table;
            }

            writer.Complete();
        }
        catch (IOException e)
        {
            throw BackupHeader.WriteFailed(path, e, "Nothing was kept");
        }
        finally
        {
            connection.Close();
        }

        session.Events.Progress("Backup done", tables.Count, tables.Count);
        session.Events.Result(new BackupResult { File = path, Tables = written });
        return ExitCodes.Success;
    }

    /// <summary>About how many rows the backup will read, for its progress; null when a table's size is unknown.</summary>
    internal static long? Estimate(System.Data.Common.DbConnection connection, DataDialect dialect, IReadOnlyList<(string Name, string? Schema)> tables)
    {
        try
        {
            var sizes = tables.Select(t => dialect.EstimatedRows(connection, t.Name, t.Schema)).ToList();
            return sizes.Any(s => s is null) ? null : sizes.Sum();
        }
        catch (System.Data.Common.DbException)
        {
            return null; // a table not created yet, or no right to read the statistics: progress without a total
        }
    }

    /// <summary>
    /// The tables with every referenced (principal) table before the tables that reference it, by name
    /// otherwise: restore then puts rows back in an order the foreign keys accept.
    /// </summary>
    internal static List<(string Name, string? Schema)> ParentsFirst(IEnumerable<ITable> tables)
    {
        var remaining = tables.OrderBy(t => t.Name, StringComparer.Ordinal).ToList();
        var ordered = new List<ITable>();
        while (remaining.Count > 0)
        {
            // A table whose parents are all placed (a cycle, or a self reference, takes the first left).
            var next = remaining.FirstOrDefault(t => t.ForeignKeyConstraints.All(fk => fk.PrincipalTable == t || ordered.Contains(fk.PrincipalTable)
                || !remaining.Contains(fk.PrincipalTable)))
                ?? remaining[0];
            ordered.Add(next);
            remaining.Remove(next);
        }

        return ordered.Select(t => (t.Name, t.Schema)).ToList();
    }

    /// <summary>The model's tables, or the named ones (a name the model doesn't map is a usage error).</summary>
    private static List<(string Name, string? Schema)> Tables(EngineSession session, IReadOnlyList<string> wanted)
    {
        var all = ParentsFirst(session.Service<IDesignTimeModel>().Model.GetRelationalModel().Tables);
        if (wanted.Count == 0)
        {
            return all;
        }

        var unknown = wanted.Where(w => !all.Any(t => t.Name.Equals(w, StringComparison.OrdinalIgnoreCase))).ToList();
        if (unknown.Count > 0)
        {
            throw new EngineException($"No table named {string.Join(", ", unknown)} in the model. Tables: {string.Join(", ", all.Select(t => t.Name))}.");
        }

        return all.Where(t => wanted.Any(w => w.Equals(t.Name, StringComparison.OrdinalIgnoreCase))).ToList();
    }
}
