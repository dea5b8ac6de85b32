using System.Data.Common;
using Migrations.Build.Engine.Backup;
using Migrations.Build.Engine.Data;
using Migrations.Build.Engine.Safety.Rules;
using Migrations.Build.Engine.Validate;
using Migrations.Build.Protocol;
using Migrations.Build.Protocol.Backups;
using Migrations.Build.Protocol.Results;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Migrations.Build.Engine.Rollback;

/// <summary>
/// Backs up exactly the data a planned move puts at risk: whole tables that would be dropped or
/// emptied; for a column that would be dropped or narrowed, the row's key and that column's
/// non-null values (so restore can put them back on the same rows). Then reads the file back and
/// checks every table's checksum before anything is reverted. What it can't back up stops the
/// rollback: a table it can't read, or rows at risk it can't name (a raw DELETE).
/// </summary>
internal sealed class AtRiskBackup(EngineSession session)
{
    private static readonly HashSet<string> WholeTable = [DropTableRule.Code, DataDeletionRule.Code];
    private static readonly HashSet<string> OneColumn = [DropColumnRule.Code, NarrowingColumnRule.Code, TableRewriteRule.Code];

    public (string File, IReadOnlyList<BackupTableResult> Tables) Write(MovePlan move, string reason)
    {
        var unnamed = move.Findings.Where(f => (WholeTable.Contains(f.Rule) || OneColumn.Contains(f.Rule)) && f.Table is null && f.RowsAtRisk is not 0)
            .ToList();
        if (unnamed.Count > 0)
        {
            throw new EngineException(
                $"{string.Join(", ", unnamed.Select(f => $"{f.Rule} in {f.Migration}"))} may delete rows of a table it doesn't name (raw SQL), "
                + "so they can't be backed up "
                + "and nothing was rolled back, even with --force. Back up those tables yourself (dotnet migrate backup --tables ...), "
                + "then revert with dotnet migrate downgrade.",
                ExitCodes.Findings);
        }

        var key = BackupStreams.KeyFromEnvironment();
        var path = BackupHeader.NewFile(session, "rollback_backup", compress: false, key);
        var sql = session.Service<ISqlGenerationHelper>();
        var model = session.Service<IDesignTimeModel>().Model.GetRelationalModel();
        var connection = session.Context.Database.GetDbConnection();
        var written = new List<BackupTableResult>();
        var plan = Plan(move, model);
        var dialect = DataDialect.For(session.Context.Database.ProviderName ?? string.Empty, sql);
        connection.Open();
        try
        {
            dialect.Prepare(connection);
            using (var writer = new BackupWriter(path, BackupHeader.Of(session, move.Catalog.Current, reason), compress: false, key))
            {
                var estimate = BackupOperations.Estimate(connection, dialect, [.. plan.Select(t => (t.Name, t.Schema))]);
                var before = 0L;
                for (var i = 0; i < plan.Count; i++)
                {
                    var table = plan[i];
                    void StopIfInterrupted() => session.Interruption.StopIfRequested(() => $"the rollback stopped while backing up {table.Display}: "
                        + "the unfinished backup was removed and nothing was rolled back. The migrations lock is released.");
                    StopIfInterrupted();
                    session.Events.Progress($"Backing up {table.Display} (at risk)", i, plan.Count, before, estimate);
                    if (Select(connection, dialect, table) is not { } select)
                    {
                        session.Events.Log(LogLevels.Verbose, $"{table.Display}: not in the database at this point, so nothing of it is at risk.");
                        continue;
                    }

                    if (table.Key.Count == 0)
                    {
                        session.Events.Log(LogLevels.Info, $"{table.Display} has no key: restore will match its rows on all their columns, "
                            + "adding a row only as many times as the backup has it more than the table (never twice).");
                    }

                    using var source = TableRows.Open(connection, select.Sql);
                    var rows = writer.WriteTable(table.Name, table.Schema, source, select.Columns, n =>
                    {
                        StopIfInterrupted();
                        session.Events.Progress($"Backing up {table.Display} (at risk): {n} rows", i, plan.Count, before + n, estimate);
                    });
                    written.Add(new BackupTableResult(table.Name, rows));
                    before += rows;
                }

                writer.Complete();
            }

            Verify(path, key);
        }
        catch (IOException e)
        {
            throw BackupHeader.WriteFailed(path, e, "Nothing was rolled back");
        }
        finally
        {
            connection.Close();
        }

        session.Events.Log(LogLevels.Verbose, $"Backed up the data at risk ({written.Sum(t => t.Rows)} row(s) in {written.Count} table(s)) to {path}");
        return (path, written);
    }

    /// <summary>A table to back up: all of it (<see cref="Columns"/> null), or its key and the columns at risk.</summary>
    private sealed record AtRiskTable(string Name, string? Schema, IReadOnlyList<string> Key, IReadOnlyList<string>? Columns, bool Counted)
    {
        public string Display => Schema is null ? Name : $"{Schema}.{Name}";
    }

    private static List<AtRiskTable> Plan(MovePlan move, IRelationalModel model)
    {
        var atRisk = move.Findings.Where(f => f.Table is not null && f.RowsAtRisk is not 0).ToList();
        string? SchemaOf(Finding f) => move.Schemas.GetValueOrDefault(f);
        var plan = new List<AtRiskTable>();
        foreach (var group in atRisk.Where(f => WholeTable.Contains(f.Rule) || OneColumn.Contains(f.Rule)).GroupBy(f => (f.Table!, SchemaOf(f))))
        {
            var (name, schema) = group.Key;
            var key = model.FindTable(name, schema)?.PrimaryKey?.Columns.Select(c => c.Name).ToList() ?? [];
            var counted = group.Any(f => f.RowsAtRisk > 0);

            // Without a key the values could not be put back on their rows: keep the whole table; so too
            // for a change naming no column (a SQLite rebuild of several columns copies every row).
            var whole = group.Any(f => WholeTable.Contains(f.Rule) || f.Column is null) || key.Count == 0;
            var columns = whole ? null : group.Select(f => f.Column!).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            plan.Add(new AtRiskTable(name, schema, key, columns, counted));
        }

        return [.. plan.OrderBy(t => t.Display, StringComparer.Ordinal)];
    }

    /// <summary>
    /// The SELECT of what is at risk in the table as it is now, or null when the table isn't there
    /// (then nothing of it is at risk). A table whose rows validate counted must be readable.
    /// </summary>
    private static (string Sql, IReadOnlyList<StoreColumn> Columns)? Select(DbConnection connection, DataDialect dialect, AtRiskTable table)
    {
        IReadOnlyList<StoreColumn>? existing;
        try
        {
            existing = TableColumns.Read(connection, dialect, table.Name, table.Schema);
        }
        catch (DbException e)
        {
            throw new EngineException($"{table.Display} holds rows at risk but can't be read for the backup ({e.Message}); nothing was rolled back.",
                ExitCodes.Database, e);
        }

        if (existing is null)
        {
            return table.Counted
                ? throw new EngineException($"{table.Display} holds rows at risk but can't be read for the backup; nothing was rolled back.",
                    ExitCodes.Database)
                : null; // validate couldn't count it either: it isn't there at this point of the plan
        }

        if (table.Columns is null)
        {
            return (TableColumns.Select(dialect, table.Name, table.Schema, existing), existing);
        }

        var here = table.Columns.Where(c => existing.Any(e => e.Name.Equals(c, StringComparison.OrdinalIgnoreCase))).ToList();
        if (here.Count == 0)
        {
            return null;
        }

        var values = here.Except(table.Key, StringComparer.OrdinalIgnoreCase).Select(c => $"{dialect.Sql.DelimitIdentifier(c)} IS NOT NULL").ToList();
        var wanted = table.Key.Concat(here).Distinct(StringComparer.OrdinalIgnoreCase)
            .Select(c => existing.First(e => e.Name.Equals(c, StringComparison.OrdinalIgnoreCase))).ToList();
        return (TableColumns.Select(dialect, table.Name, table.Schema, wanted, values.Count > 0 ? string.Join(" OR ", values) : null), wanted);
    }

    private static void Verify(string path, string? key)
    {
        using var reader = BackupReader.Open(path, key);
        var bad = reader.Verify().Where(t => !(t.ChecksumOk ?? false)).Select(t => t.Name).ToList();
        if (bad.Count > 0 || !reader.Complete)
        {
            throw new EngineException($"The backup {path} did not read back intact "
                + $"({(bad.Count > 0 ? "checksum mismatch in " + string.Join(", ", bad) : "incomplete")}); nothing was rolled back.");
        }
    }
}
