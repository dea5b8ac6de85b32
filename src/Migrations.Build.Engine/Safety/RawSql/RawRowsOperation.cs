using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace Migrations.Build.Engine.Safety.RawSql;

/// <summary>What a raw statement does to a table's rows.</summary>
internal enum RawRowsKind
{
    /// <summary>DELETE; every row unless <see cref="RawRowsOperation.Where"/> says which.</summary>
    Delete,

    /// <summary>TRUNCATE: every row.</summary>
    Truncate,

    /// <summary>UPDATE without WHERE: every row's values overwritten.</summary>
    Update,
}

/// <summary>
/// A raw DELETE, TRUNCATE or unfiltered UPDATE, read from a Sql() call: EF Core has no operation for
/// these, so this marker lets rules, validate and rollback treat them like DeleteData.
/// </summary>
internal sealed class RawRowsOperation : MigrationOperation, ITableMigrationOperation
{
    /// <summary>The table, or null when the statement's shape wasn't read far enough to name it.</summary>
    public string? Table { get; init; }

    public string? Schema { get; init; }

    public RawRowsKind Kind { get; init; }

    /// <summary>For a DELETE, what follows DELETE FROM (table, alias, WHERE): a COUNT(*) over it counts the rows hit; null when that can't be reused.</summary>
    public string? CountFrom { get; init; }

    public bool Filtered { get; init; }

    /// <summary>The statement as written (for messages).</summary>
    public required string Statement { get; init; }

    string ITableMigrationOperation.Table => Table ?? string.Empty;
}
