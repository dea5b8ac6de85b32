using System.Data.Common;
using Microsoft.EntityFrameworkCore.Storage;

namespace Migrations.Build.Engine.Data;

/// <summary>SQLite: every value keeps its storage class as read; it has no NaN to store.</summary>
internal sealed class SqliteDialect(ISqlGenerationHelper sql) : DataDialect(sql)
{
    public override IReadOnlyDictionary<string, string> StoreTypes(DbConnection connection, string table, string? schema)
        => Pairs(connection, "SELECT name, type FROM pragma_table_info(@table)", ("@table", table));

    public override string? Refuses(object value, RestoreColumn column)
        => value is double.NaN or float.NaN ? "SQLite can't store NaN (it would become NULL)" : null;
}
