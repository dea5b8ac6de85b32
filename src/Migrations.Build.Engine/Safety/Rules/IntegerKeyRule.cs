using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace Migrations.Build.Engine.Safety.Rules;

/// <summary>MIG604: a 32-bit primary key (int, integer, serial) on PostgreSQL and SQL Server: ids run out at 2^31 - 1.</summary>
internal sealed class IntegerKeyRule : TypeSuggestionRule
{
    public const string Code = "MIG604";

    public override string Id => Code;

    public override string Title => "32-bit integer primary key";

    public override string SafeAlternative => "Make the key a long property (or .HasColumnType(\"bigint\")): it costs 4 more bytes per row and never runs out.";

    protected override bool Judges(MigrationScope scope) => scope.IsPostgreSql || scope.IsSqlServer;

    // EF Core always scaffolds the type; without one, an int property maps to integer/int on both providers.
    protected override bool IsKind(ColumnOperation column, bool isKey, MigrationScope scope)
        => isKey && (StoreName(column) is "int" or "integer" or "int4" or "serial" or "serial4"
            || column.ColumnType is null && column.ClrType == typeof(int));

    protected override string Why(ColumnOperation column)
        => "its ids run out at 2,147,483,647 and inserts then fail; widening a key later rewrites the table and every foreign key to it.";
}
