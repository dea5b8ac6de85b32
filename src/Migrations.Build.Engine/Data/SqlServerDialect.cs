using System.Data.Common;
using Microsoft.EntityFrameworkCore.Storage;

namespace Migrations.Build.Engine.Data;

/// <summary>
/// SQL Server: explicit values for an identity column need IDENTITY_INSERT; a decimal(38, x) can
/// hold more than .NET's decimal, so decimals are kept as their text; a rowversion is the server's
/// to set, never written back.
/// </summary>
internal sealed class SqlServerDialect(ISqlGenerationHelper sql) : DataDialect(sql)
{
    private static readonly HashSet<string> NoEquality = new(StringComparer.OrdinalIgnoreCase) { "text", "ntext", "image", "xml", "geography", "geometry" };

    // Text into its column converts implicitly with the column's own precision and scale.
    public override bool TakesOwnText => true;

    public override IReadOnlyDictionary<string, string> StoreTypes(DbConnection connection, string table, string? schema)
        => Pairs(connection, "SELECT c.name, t.name FROM sys.columns c JOIN sys.types t ON t.user_type_id = c.user_type_id "
            + "WHERE c.object_id = OBJECT_ID(@table)",
            ("@table", Sql.DelimitIdentifier(table, schema)));

    /// <summary>sys.partitions of the heap or clustered index: kept current by the engine itself.</summary>
    public override long? EstimatedRows(DbConnection connection, string table, string? schema, long cap = 10_000_000)
        => Scalar(connection, null, "SELECT SUM(p.rows) FROM sys.partitions p WHERE p.object_id = OBJECT_ID(@table) AND p.index_id IN (0, 1)",
            ("@table", Sql.DelimitIdentifier(table, schema))) is long rows ? rows : null;

    public override bool ReadsAsText(string storeType) => storeType is "decimal" or "numeric";

    protected override string AsText(string column, string storeType) => $"CONVERT(varchar(64), {column})";

    public override string Same(string column, string parameter, RestoreColumn target)
        => $"({column} = {parameter} OR ({column} IS NULL AND {parameter} IS NULL))";

    public override string? CantCompare(RestoreColumn column)
        => NoEquality.Contains(column.StoreType) ? $"SQL Server can't compare {column.StoreType} values" : null;

    public override string? NotWritten(string storeType)
        => storeType is "timestamp" or "rowversion" ? "a rowversion, which SQL Server sets on every write" : null;

    public override void BeforeRows(DbConnection connection, DbTransaction transaction, string table, string? schema)
        => Identity(connection, transaction, table, schema, "ON");

    public override void AfterRows(DbConnection connection, DbTransaction transaction, string table, string? schema, IEnumerable<string> columns)
        => Identity(connection, transaction, table, schema, "OFF");

    private void Identity(DbConnection connection, DbTransaction transaction, string table, string? schema, string onOff)
    {
        var name = Sql.DelimitIdentifier(table, schema);
        var literal = name.Replace("'", "''", StringComparison.Ordinal);
        Scalar(connection, transaction, $"IF OBJECTPROPERTY(OBJECT_ID(N'{literal}'), 'TableHasIdentity') = 1 SET IDENTITY_INSERT {name} {onOff}");
    }
}
