using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace Migrations.Build.Engine.Safety.Rules;

/// <summary>
/// MIG603: timestamp without time zone on PostgreSQL. Npgsql 6+ maps DateTime to timestamptz, so
/// this is a model that asks for it (HasColumnType, or the legacy timestamp behaviour switch).
/// </summary>
internal sealed class TimestampWithoutTimeZoneRule : TypeSuggestionRule
{
    public const string Code = "MIG603";

    public override string Id => Code;

    public override string Title => "timestamp without time zone (PostgreSQL)";

    public override string SafeAlternative
        => "Use .HasColumnType(\"timestamptz\") with UTC DateTime values (Npgsql's default mapping for DateTime), or a DateTimeOffset property.";

    protected override bool Judges(MigrationScope scope) => scope.IsPostgreSql;

    protected override bool IsKind(ColumnOperation column, bool isKey, MigrationScope scope)
        => StoreName(column) is "timestamp" or "timestamp without time zone";

    protected override string Why(ColumnOperation column)
        => "it keeps no offset, so times written from different time zones (or with DateTimeKind.Local) can't be told apart or compared.";
}
