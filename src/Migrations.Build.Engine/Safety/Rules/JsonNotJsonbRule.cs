using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace Migrations.Build.Engine.Safety.Rules;

/// <summary>MIG605: json on PostgreSQL, where jsonb is almost always meant.</summary>
internal sealed class JsonNotJsonbRule : TypeSuggestionRule
{
    public const string Code = "MIG605";

    public override string Id => Code;

    public override string Title => "json where jsonb is meant (PostgreSQL)";

    public override string SafeAlternative
        => "Use .HasColumnType(\"jsonb\") (Npgsql's default for mapped JSON); keep json only to preserve key order, duplicates and whitespace.";

    protected override bool Judges(MigrationScope scope) => scope.IsPostgreSql;

    protected override bool IsKind(ColumnOperation column, bool isKey, MigrationScope scope) => StoreName(column) == "json";

    protected override string Why(ColumnOperation column)
        => "it is stored as text and parsed on every read, has no equality operator (no DISTINCT, GROUP BY or unique index) and no GIN index.";
}
