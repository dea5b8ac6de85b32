using System.Data.Common;
using Microsoft.EntityFrameworkCore.Storage;

namespace Migrations.Build.Engine.Data;

/// <summary>
/// What the providers differ on when rows leave for a backup and come back: how a value is read
/// without losing anything (PostgreSQL's own text form for what has no exact .NET twin), how a
/// value goes back into its column, how two values compare (rows without a key), and what must
/// happen around explicit keys (SQL Server's IDENTITY_INSERT, PostgreSQL's sequences).
/// The base is SQLite's: values keep their storage class, any two compare with IS.
/// </summary>
internal class DataDialect(ISqlGenerationHelper sql)
{
    public ISqlGenerationHelper Sql { get; } = sql;

    /// <summary>The provider's name as the backup's header records it, matched loosely.</summary>
    public static DataDialect For(string provider, ISqlGenerationHelper sql)
        => provider.Contains("SqlServer", StringComparison.OrdinalIgnoreCase) ? new SqlServerDialect(sql)
            : provider.Contains("Npgsql", StringComparison.OrdinalIgnoreCase) || provider.Contains("PostgreSQL", StringComparison.OrdinalIgnoreCase)
            ? new PostgresDialect(sql)
            : provider.Contains("Sqlite", StringComparison.OrdinalIgnoreCase) ? new SqliteDialect(sql)
            : new DataDialect(sql);

    /// <summary>
    /// About how many rows a table holds, cheaply: the database's statistics where it keeps them
    /// (PostgreSQL, SQL Server), else a count that stops at <paramref name="cap"/>; null when unknown
    /// (never analyzed). For progress and for sizing a finding, never for anything exact.
    /// </summary>
    public virtual long? EstimatedRows(DbConnection connection, string table, string? schema, long cap = 10_000_000)
        => Convert.ToInt64(Scalar(connection, null, $"SELECT count(*) FROM (SELECT 1 FROM {Sql.DelimitIdentifier(table, schema)} LIMIT {cap}) AS capped"),
            System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Whether values backed up in this database's own text form go back into it as that text.</summary>
    public virtual bool TakesOwnText => false;

    /// <summary>Each column's type as the database names it (what the driver names it, where the catalog says nothing).</summary>
    public virtual IReadOnlyDictionary<string, string> StoreTypes(DbConnection connection, string table, string? schema) => new Dictionary<string, string>();

    /// <summary>Whether a column of this type is read in the database's own text form (its .NET value would lose something).</summary>
    public virtual bool ReadsAsText(string storeType) => false;

    /// <summary>The column in a backup's SELECT: as is, or as its text.</summary>
    public string Select(string column, string storeType)
        => ReadsAsText(storeType) ? $"{AsText(Sql.DelimitIdentifier(column), storeType)} AS {Sql.DelimitIdentifier(column)}" : Sql.DelimitIdentifier(column);

    protected virtual string AsText(string column, string storeType) => column;

    /// <summary>A parameter as the SQL names it: as is, or cast to what the column stores.</summary>
    public virtual string Parameter(string name, RestoreColumn column) => name;

    /// <summary>Null-safe equality of a column and a parameter, for rows that have no key to match on.</summary>
    public virtual string Same(string column, string parameter, RestoreColumn target) => $"{column} IS {parameter}";

    /// <summary>Why rows can't be matched on this column (a type with no equality), or null.</summary>
    public virtual string? CantCompare(RestoreColumn column) => null;

    /// <summary>Why the database would refuse this value in the column (checked before anything is written), or null.</summary>
    public virtual string? Refuses(object value, RestoreColumn column) => null;

    /// <summary>Why a column is never written back (the database sets it itself), or null.</summary>
    public virtual string? NotWritten(string storeType) => null;

    /// <summary>
    /// Checks values backed up as text against the column's type as it is now, in the database; returns
    /// the index of the first one it refuses, or -1. Only for dialects that take their own text.
    /// </summary>
    public virtual int FirstRefused(DbConnection connection, RestoreColumn column, IReadOnlyList<string?> values) => -1;

    /// <summary>Settings that make the text forms the same on every server (dates, intervals), for a backup's or a restore's session.</summary>
    public virtual void Prepare(DbConnection connection)
    {
    }

    public virtual void BeforeRows(DbConnection connection, DbTransaction transaction, string table, string? schema)
    {
    }

    public virtual void AfterRows(DbConnection connection, DbTransaction transaction, string table, string? schema, IEnumerable<string> columns)
    {
    }

    protected static object? Scalar(DbConnection connection, DbTransaction? transaction, string text, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, transaction, text, parameters);
        return command.ExecuteScalar();
    }

    /// <summary>Column name to type, from a query of two text columns.</summary>
    protected static Dictionary<string, string> Pairs(DbConnection connection, string text, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, null, text, parameters);
        using var reader = command.ExecuteReader();
        var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.Read())
        {
            pairs[reader.GetString(0)] = reader.GetString(1);
        }

        return pairs;
    }

    private static DbCommand Command(DbConnection connection, DbTransaction? transaction, string text, (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = text;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        return command;
    }
}
