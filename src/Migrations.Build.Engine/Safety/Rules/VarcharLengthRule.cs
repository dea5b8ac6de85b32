using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace Migrations.Build.Engine.Safety.Rules;

/// <summary>MIG601: varchar(n) on PostgreSQL, where text costs the same and a limit is easier to change as a check constraint.</summary>
internal sealed class VarcharLengthRule : TypeSuggestionRule
{
    public const string Code = "MIG601";

    public override string Id => Code;

    public override string Title => "varchar(n) where text would do (PostgreSQL)";

    public override string SafeAlternative => "Remove .HasMaxLength (or use .HasColumnType(\"text\")); if the limit matters, add a check constraint: "
        + ".ToTable(t => t.HasCheckConstraint(\"CK_Table_Column\", \"char_length(\\\"Column\\\") <= n\")).";

    protected override bool Judges(MigrationScope scope) => scope.IsPostgreSql;

    // Npgsql maps a string with MaxLength to character varying(n) when no type is given.
    protected override bool IsKind(ColumnOperation column, bool isKey, MigrationScope scope)
        => Length(column) is not null
            && (StoreName(column) is "varchar" or "character varying" || column.ColumnType is null && column.ClrType == typeof(string));

    protected override string Why(ColumnOperation column)
        => "on PostgreSQL text stores the same way, and changing the limit later takes an exclusive lock (shortening it scans or rewrites the table).";
}
