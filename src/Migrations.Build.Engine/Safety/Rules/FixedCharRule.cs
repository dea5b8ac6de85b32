using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace Migrations.Build.Engine.Safety.Rules;

/// <summary>
/// MIG602: char(n) / nchar(n) (PostgreSQL and SQL Server): values are padded with spaces to n. A
/// char(1) is left alone: a one-character code has nothing to pad, and its fixed size is the point.
/// </summary>
internal sealed class FixedCharRule : TypeSuggestionRule
{
    public const string Code = "MIG602";

    public override string Id => Code;

    public override string Title => "Fixed-length char(n) column";

    public override string SafeAlternative
        => "Drop .IsFixedLength() (or the char type): on PostgreSQL use .HasColumnType(\"text\"), on SQL Server .HasMaxLength(n) for nvarchar(n)/varchar(n).";

    protected override bool Judges(MigrationScope scope) => scope.IsPostgreSql || scope.IsSqlServer;

    protected override bool IsKind(ColumnOperation column, bool isKey, MigrationScope scope)
        => StoreName(column) is "char" or "character" or "bpchar" or "nchar" or "national character" && Length(column) > 1
            || column.IsFixedLength == true && column.ColumnType is null && Length(column) > 1;

    protected override string Why(ColumnOperation column)
        => $"values are padded with spaces to {Length(column)} characters, which the app then reads back and compares.";
}
