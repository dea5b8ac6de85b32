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
        connection.Open();
        try
        {
            using var writer = new BackupWriter(path, header, request.Compress, key);
            for (var i = 0; i < tables.Count; i++)
            {
                var (name, schema) = tables[i];
                session.Events.Progress($"Backing up {name}", i, tables.Count);
                using var command = connection.CreateCommand();
                command.CommandText = $"SELECT * FROM {sql.DelimitIdentifier(name, schema)}";
                using var reader = command.ExecuteReader();
                var rows = writer.WriteTable(name, schema, reader, n => session.Events.Progress($"Backing up {name}: {n} rows", i, tables.Count));
                written.Add(new BackupTableResult(name, rows));
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

    /// <summary>The model's tables, or the named ones (a name the model doesn't map is a usage error).</summary>
    private static List<(string Name, string? Schema)> Tables(EngineSession session, IReadOnlyList<string> wanted)
    {
        var all = session.Service<IDesignTimeModel>().Model.GetRelationalModel().Tables
            .Select(t => (t.Name, t.Schema)).OrderBy(t => t.Name, StringComparer.Ordinal).ToList();
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
