using System.Data.Common;
using System.Text.Json;
using Migrations.Build.Engine.Data;
using Migrations.Build.Protocol;
using Migrations.Build.Protocol.Backups;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Migrations.Build.Engine.Restore;

/// <summary>
/// Restore's first pass: every check that can refuse, before anything is written. The whole file
/// is read (checksums, completeness, shape); every value is converted to its column's type as it is
/// now, and values kept as the database's text are cast by the database; a table named twice, a key
/// held twice, rows without a key that can't be compared: all refused here (exit 2), naming table,
/// column and row.
/// </summary>
internal static class RestoreCheck
{
    /// <param name="reopen">Opens the file again, for the rare second read of a table (<see cref="SeenKeys"/>).</param>
    public static Dictionary<string, RestoreTarget> Run(EngineSession session, BackupReader backup, Func<BackupReader> reopen,
        DbConnection connection, DataDialect dialect)
    {
        var provider = session.Context.Database.ProviderName ?? string.Empty;
        var from = backup.Header.GetValueOrDefault("provider");
        var sameDatabase = from is null || DataDialect.For(from, dialect.Sql).GetType() == dialect.GetType();
        if (from is not null && from != provider)
        {
            session.Warn($"The backup was made on {from}; restoring into {provider}, converting each value to its column's type.");
        }

        var wanted = session.Request.Tables;
        var model = session.Service<IDesignTimeModel>().Model.GetRelationalModel();
        var targets = new Dictionary<string, RestoreTarget>(StringComparer.OrdinalIgnoreCase);
        var found = new List<string>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var bad = new List<string>();
        var index = -1;
        foreach (var table in backup.Tables())
        {
            index++;
            found.Add(table.Name);
            if (!seen.Add(Key(table.Name, table.Schema)))
            {
                throw new EngineException($"{backup.Path} holds the table {table.Name} twice: it was changed after it was written. Nothing was restored.");
            }

            if (wanted.Count > 0 && !wanted.Contains(table.Name, StringComparer.OrdinalIgnoreCase))
            {
                continue;
            }

            var modelKey = model.FindTable(table.Name, table.Schema)?.PrimaryKey?.Columns.Select(c => c.Name).ToList() ?? [];
            var target = RestoreTarget.Describe(connection, dialect, table.Name, table.Schema, table.Columns, modelKey, sameDatabase)
                ?? throw new EngineException($"Table {table.Name} is not in the database now, so its rows have nowhere to go. "
                    + "Upgrade to a migration that has it (dotnet migrate upgrade), or leave it out with --tables. Nothing was restored.");
            if (target.Columns.Count == 0)
            {
                throw new EngineException($"None of the backed-up columns of {target.Display} ({string.Join(", ", target.Missing)}) is in the table now. "
                    + "Nothing was restored.");
            }

            RefuseUnmatchable(connection, dialect, target);
            session.Interruption.StopIfRequested(() => "stopped while checking the backup; nothing was restored.");
            session.Events.Progress($"Checking {target.Display}", targets.Count, Math.Max(wanted.Count, targets.Count + 1));
            CheckRows(connection, table, target, RowsAgain(reopen, index));
            if (!table.ChecksumOk)
            {
                bad.Add(table.Name);
            }

            foreach (var column in target.Missing)
            {
                session.Warn($"{target.Display}.{column} is in the backup but not in the table now: its values are not restored (they stay in the backup).");
            }

            foreach (var column in target.NotWritten)
            {
                session.Warn($"{target.Display}.{column}: not restored; the database gives the restored rows new values.");
            }

            targets[Key(table.Name, table.Schema)] = target;
        }

        if (!backup.Complete)
        {
            throw new EngineException($"{backup.Path} is incomplete (the backup did not finish). Nothing was restored.");
        }

        if (bad.Count > 0)
        {
            throw new EngineException($"Checksum mismatch in {string.Join(", ", bad)}: {backup.Path} was changed after it was written. Nothing was restored.");
        }

        var unknown = wanted.Where(w => !found.Contains(w, StringComparer.OrdinalIgnoreCase)).ToList();
        if (unknown.Count > 0)
        {
            throw new EngineException($"The backup has no table {string.Join(", ", unknown)}. It has: {string.Join(", ", found)}.");
        }

        return targets;
    }

    public static string Key(string name, string? schema) => (schema ?? string.Empty) + "." + name;

    /// <summary>Every row converts, no key is there twice, and the database takes every value kept as its text.</summary>
    private static void CheckRows(DbConnection connection, BackupTableReader table, RestoreTarget target, IEnumerable<JsonElement> again)
    {
        var keys = new SeenKeys();
        var texts = new TextValueCheck(connection, target);
        long number = 0;
        foreach (var row in table.Rows())
        {
            target.Values(row, ++number);
            if (target.Key.Count > 0 && !keys.Add(target.KeyDigest(row)))
            {
                throw Twice(target, row, number);
            }

            texts.Add(row, number);
        }

        target.BackedUpRows = number;
        texts.Flush();
        if (keys.Suspects.Count > 0)
        {
            Confirm(again, target, keys.Suspects);
        }
    }

    /// <summary>Keys the filter may have seen twice, counted in a second read of the table: only a real duplicate is refused.</summary>
    private static void Confirm(IEnumerable<JsonElement> rows, RestoreTarget target, HashSet<Guid> suspects)
    {
        var counted = new HashSet<Guid>();
        long number = 0;
        foreach (var row in rows)
        {
            number++;
            var key = target.KeyDigest(row);
            if (suspects.Contains(key) && !counted.Add(key))
            {
                throw Twice(target, row, number);
            }
        }
    }

    /// <summary>The rows of the file's <paramref name="index"/>-th table, read again from the start of the file.</summary>
    private static IEnumerable<JsonElement> RowsAgain(Func<BackupReader> reopen, int index)
    {
        using var backup = reopen();
        foreach (var row in backup.Tables().ElementAt(index).Rows())
        {
            yield return row;
        }
    }

    private static EngineException Twice(RestoreTarget target, JsonElement row, long number)
        => new($"{target.Display} holds the row {target.RowName(row, number)} twice in the backup (a key is unique): "
            + "it was changed after it was written. Nothing was restored.");

    /// <summary>Rows without a key are matched on every column; a column the database can't compare stops the restore before it starts.</summary>
    private static void RefuseUnmatchable(DbConnection connection, DataDialect dialect, RestoreTarget target)
    {
        if (target.Key.Count > 0 || target.Columns.FirstOrDefault(c => dialect.CantCompare(c) is not null) is not { } column
            || !TableRestorer.HasRows(connection, null, dialect.Sql.DelimitIdentifier(target.Name, target.Schema)))
        {
            return;
        }

        throw new EngineException($"{target.Display} has no key and already has rows, so restore would match backed-up rows on every column, but "
            + $"{dialect.CantCompare(column)} ({column.Name}): nothing was restored. Empty the table to restore it whole, or leave it out with --tables.");
    }
}
