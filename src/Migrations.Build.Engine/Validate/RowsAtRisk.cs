using System.Data.Common;
using Migrations.Build.Engine.Safety.RawSql;
using Migrations.Build.Engine.Safety.Rules;
using Migrations.Build.Protocol.Results;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.EntityFrameworkCore.Storage;

namespace Migrations.Build.Engine.Validate;

/// <summary>
/// Counts, on the live database, the rows a finding puts at risk: the rows of a dropped table, the
/// values of a dropped column, the nulls of a column made NOT NULL (or filled by its default), the duplicates under a new
/// unique index, the rows a raw DELETE, TRUNCATE or UPDATE without WHERE hits. Identifiers are quoted
/// by the provider itself. Null when it can't be counted.
/// </summary>
internal sealed class RowsAtRisk(EngineSession session)
{
    private readonly ISqlGenerationHelper _sql = session.Service<ISqlGenerationHelper>();
    private readonly string _provider = session.Context.Database.ProviderName ?? string.Empty;

    public long? Count(Finding finding, MigrationOperation? operation = null)
    {
        if (finding.Table is not { } table)
        {
            return null;
        }

        var t = _sql.DelimitIdentifier(table, SchemaOf(operation));
        var c = finding.Column is { } column ? _sql.DelimitIdentifier(column) : null;
        var query = finding.Rule switch
        {
            DropTableRule.Code => $"SELECT COUNT(*) FROM {t}",

            // A raw DELETE counts what its own FROM ... WHERE selects; TRUNCATE and UPDATE without WHERE hit every row.
            DataDeletionRule.Code when operation is RawRowsOperation { Kind: RawRowsKind.Delete, CountFrom: { } from } => $"SELECT COUNT(*) FROM {from}",
            DataDeletionRule.Code when operation is RawRowsOperation { Kind: not RawRowsKind.Delete } or RawRowsOperation { Filtered: false }
                => $"SELECT COUNT(*) FROM {t}",
            NarrowingColumnRule.Code when c is not null && operation is AlterColumnOperation alter
                && NarrowedValues.Condition(alter, c, _provider) is { } narrowed
                => $"SELECT COUNT(*) FROM {t} WHERE {narrowed}",
            DropColumnRule.Code or NarrowingColumnRule.Code when c is not null => $"SELECT COUNT(*) FROM {t} WHERE {c} IS NOT NULL",
            // MIG202: the nulls that make it fail; MIG206: the nulls its default silently replaces.
            ColumnMadeNotNullRule.Code or DefaultFilledNotNullRule.Code when c is not null => $"SELECT COUNT(*) FROM {t} WHERE {c} IS NULL",
            UniqueOverExistingDataRule.Code when c is not null
                => $"SELECT COUNT(*) FROM (SELECT {c} FROM {t} WHERE {c} IS NOT NULL GROUP BY {c} HAVING COUNT(*) > 1) d",
            _ => null,
        };
        return query is null ? null : Scalar(query);
    }

    public static string? SchemaOf(MigrationOperation? operation) => Safety.SafetyAnalyzer.SchemaOf(operation);

    private long? Scalar(string query)
    {
        var connection = session.Context.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        try
        {
            if (opened)
            {
                connection.Open();
            }

            using var command = connection.CreateCommand();
            command.CommandText = query;
            return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (DbException e)
        {
            // The table or column may not exist yet at this point of the plan: then nothing is at risk there.
            session.Events.Log(Protocol.LogLevels.Verbose, $"Not counted ({query}): {e.Message}");
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
