namespace Migrations.Build.Engine.Cycle;

/// <summary>What a schema fact is about; a model holds only some kinds (no defaults).</summary>
internal enum FactKind
{
    Table,
    Column,
    Nullability,
    Default,
    PrimaryKey,
    UniqueConstraint,
    Index,
    ForeignKey,
}

/// <summary>
/// One comparable fact of a schema: a key that identifies it across snapshots, how to name it to a
/// person, its value, and the fact it belongs to (a column's table), so that a missing table is
/// one difference rather than one per column.
/// </summary>
internal sealed record SchemaFact(FactKind Kind, string Key, string Display, string Value, string? Parent);

/// <summary>How two snapshots differ on one fact: missing (expected, not there), extra, or changed.</summary>
internal sealed record SchemaDifference(SchemaFact Fact, string? Was, string? Is)
{
    public bool Missing => Is is null;

    public bool Extra => Was is null;
}
