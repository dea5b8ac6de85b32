using System.Data.Common;
using System.Globalization;
using Migrations.Build.Engine.Data;
using Migrations.Build.Protocol;
using Migrations.Build.Protocol.Results;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Migrations.Build.Engine.Safety;

/// <summary>
/// Sizes the findings of rules that lock or rewrite a table (<see cref="SafetyRule.LocksTable"/>) by the
/// table's rows on the live database: above the threshold the finding is an error. Size only ever raises
/// a severity, never lowers it: the database read may be a developer's copy, smaller than production.
/// Each table is read once per run, bounded (statistics, or a count that stops past the threshold);
/// a table that can't be read keeps the rule's default severity.
/// </summary>
internal sealed class TableSizes(EngineSession session)
{
    private static readonly IReadOnlySet<string> Sized = SafetyRules.All.Where(r => r.LocksTable).Select(r => r.Id).ToHashSet(StringComparer.OrdinalIgnoreCase);

    private readonly Dictionary<(string Table, string? Schema), TableRows?> _rows = [];
    private readonly long _threshold = session.Request.LargeTableRows;
    private readonly HashSet<Finding> _large = new(ReferenceEqualityComparer.Instance);

    /// <summary>
    /// The findings (as returned) on tables above the threshold: their risk is the lock, whatever rows they put at risk
    /// (validate counts them high even with no NULL or duplicate to lose).
    /// </summary>
    public bool IsLarge(Finding finding) => _large.Contains(finding);

    /// <summary>The finding judged by its table's size; as it is when its rule isn't sized, it was acknowledged, or the size is unknown.</summary>
    public Finding Apply(Finding finding, string? schema)
    {
        if (finding.Table is not { } table || finding.Severity is not (LogLevels.Error or LogLevels.Warning) || !Sized.Contains(finding.Rule))
        {
            return finding;
        }

        if (!_rows.TryGetValue((table, schema), out var rows))
        {
            _rows[(table, schema)] = rows = Read(table, schema);
        }

        var judged = Judge(finding, rows, _threshold, session.Request.FromBuild ? "MigrationsLargeTableRows" : "--large-table-rows");
        if (rows?.Count > _threshold)
        {
            _large.Add(judged);
        }

        return judged;
    }

    /// <summary>Above <paramref name="threshold"/> rows: an error; else the severity it has. Either way the message says the size used.</summary>
    internal static Finding Judge(Finding finding, TableRows? rows, long threshold, string setting)
    {
        if (rows is not { } size)
        {
            return finding;
        }

        var count = size.AtLeast ? $"more than {N(size.Count - 1)}" : $"~{N(size.Count)}";
        return size.Count > threshold
            ? finding with { Severity = LogLevels.Error, Message = $"{finding.Message} (table {finding.Table}: {count} rows, above {setting} {N(threshold)})" }
            : finding with { Message = $"{finding.Message} (table {finding.Table}: {count} rows)" };
    }

    private static string N(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    private TableRows? Read(string table, string? schema)
    {
        var connection = session.Context.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        try
        {
            if (opened)
            {
                connection.Open();
            }

            // One row past the threshold is enough to decide; a count that reached the cap says "more than".
            var cap = _threshold + 1;
            var dialect = DataDialect.For(session.Context.Database.ProviderName ?? string.Empty, session.Service<ISqlGenerationHelper>());
            return dialect.EstimatedRows(connection, table, schema, cap) is { } rows ? new TableRows(rows, rows == cap) : null;
        }
        catch (Exception e) when (e is DbException or InvalidOperationException)
        {
            session.Events.Log(LogLevels.Verbose, $"The size of table {table} could not be read ({e.Message}): its findings keep their rules' severity.");
            return null;
        }
        finally
        {
            if (opened)
            {
                connection.Close();
            }
        }
    }
}

/// <summary>A table's rows as estimated; <see cref="AtLeast"/>: a bounded count stopped at <see cref="Count"/>.</summary>
internal readonly record struct TableRows(long Count, bool AtLeast = false);
