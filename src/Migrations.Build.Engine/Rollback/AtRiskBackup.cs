using System.Data.Common;
using Migrations.Build.Engine.Backup;
using Migrations.Build.Engine.Safety.Rules;
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
/// checks every table's checksum before anything is reverted.
/// </summary>
internal sealed class AtRiskBackup(EngineSession session)
{
    private static readonly HashSet<string> WholeTable = [DropTableRule.Code, DataDeletionRule.Code];
    private static readonly HashSet<string> OneColumn = [DropColumnRule.Code, NarrowingColumnRule.Code, TableRewriteRule.Code];

    public (string File, IReadOnlyList<BackupTableResult> Tables) Write(IReadOnlyList<Finding> findings, string? migration, string reason)
    {
        var key = BackupStreams.KeyFromEnvironment();
        var path = BackupHeader.NewFile(session, "rollback_backup", compress: false, key);
        var sql = session.Service<ISqlGenerationHelper>();
        var model = session.Service<IDesignTimeModel>().Model.GetRelationalModel();
        var connection = session.Context.Database.GetDbConnection();
        var written = new List<BackupTableResult>();
        var plan = Plan(findings, model);
        connection.Open();
        try
        {
            using (var writer = new BackupWriter(path, BackupHeader.Of(session, migration, reason), compress: false, key))
            {
                var i = 0;
                foreach (var (table, columns) in plan)
                {
                    session.Events.Progress($"Backing up {table} (at risk)", i++, plan.Count);
                    using var command = connection.CreateCommand();
                    command.CommandText = Select(sql, model, table, columns);
                    DbDataReader reader;
                    try
                    {
                        reader = command.ExecuteReader();
                    }
                    catch (DbException e)
                    {
                        // Not in the database at this point of the plan: it holds nothing to lose.
                        session.Events.Log(Protocol.LogLevels.Verbose, $"Not backed up ({command.CommandText}): {e.Message}");
                        continue;
                    }

                    using (reader)
                    {
                        written.Add(new BackupTableResult(table, writer.WriteTable(table, null, reader)));
                    }
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

        session.Events.Log(Protocol.LogLevels.Verbose, $"Backed up the data at risk ({written.Sum(t => t.Rows)} row(s) in {written.Count} table(s)) to {path}");
        return (path, written);
    }

    /// <summary>Per table: null for the whole table, else the key columns and the columns at risk.</summary>
    private static List<(string Table, IReadOnlyList<string>? Columns)> Plan(IReadOnlyList<Finding> findings, IRelationalModel model)
    {
        var atRisk = findings.Where(f => f.Table is not null && f.RowsAtRisk is not 0).ToList();
        var whole = atRisk.Where(f => WholeTable.Contains(f.Rule)).Select(f => f.Table!).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var plan = whole.Order(StringComparer.Ordinal).Select(t => (t, (IReadOnlyList<string>?)null)).ToList();
        foreach (var group in atRisk.Where(f => OneColumn.Contains(f.Rule) && f.Column is not null && !whole.Contains(f.Table!)).GroupBy(f => f.Table!, StringComparer.OrdinalIgnoreCase))
        {
            var key = Key(model, group.Key);

            // Without a key the values could not be put back on their rows: keep the whole table.
            plan.Add((group.Key, key.Count == 0 ? null : [.. key, .. group.Select(f => f.Column!).Distinct(StringComparer.OrdinalIgnoreCase).Except(key)]));
        }

        return plan;
    }

    /// <summary>The whole table, or its key and the columns at risk on the rows that have a value in one.</summary>
    private static string Select(ISqlGenerationHelper sql, IRelationalModel model, string table, IReadOnlyList<string>? columns)
    {
        var t = sql.DelimitIdentifier(table);
        if (columns is null)
        {
            return $"SELECT * FROM {t}";
        }

        var values = columns.Except(Key(model, table)).Select(c => $"{sql.DelimitIdentifier(c)} IS NOT NULL").ToList();
        return $"SELECT {string.Join(", ", columns.Select(c => sql.DelimitIdentifier(c)))} FROM {t}" + (values.Count > 0 ? " WHERE " + string.Join(" OR ", values) : string.Empty);
    }

    private static IReadOnlyList<string> Key(IRelationalModel model, string table)
        => model.Tables.FirstOrDefault(t => t.Name.Equals(table, StringComparison.OrdinalIgnoreCase))?.PrimaryKey?.Columns.Select(c => c.Name).ToList() ?? [];

    private static void Verify(string path, string? key)
    {
        using var reader = BackupReader.Open(path, key);
        var bad = reader.Verify().Where(t => !(t.ChecksumOk ?? false)).Select(t => t.Name).ToList();
        if (bad.Count > 0 || !reader.Complete)
        {
            throw new EngineException($"The backup {path} did not read back intact ({(bad.Count > 0 ? "checksum mismatch in " + string.Join(", ", bad) : "incomplete")}); nothing was rolled back.");
        }
    }
}
