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

    /// <summary>Read from the database's catalog only (sequences, views, checks, expression indexes...): never in a model.</summary>
    Catalog,
}

/// <summary>
/// One comparable fact of a schema: a key that identifies it across snapshots, how to name it to a
/// person, its value, and the fact it belongs to (a column's table), so that a missing table is
/// one difference rather than one per column. <see cref="Table"/> is the key of the table it is
/// about and <see cref="Refers"/> that of the table a foreign key points to: facts of a table
/// compared by its definition only are left out by them.
/// </summary>
internal sealed record SchemaFact(FactKind Kind, string Key, string Display, string Value, string? Parent, string? Table = null, string? Refers = null)
{
    /// <summary>A table's whole definition from the catalog: compared only where the reader couldn't read the table.</summary>
    public bool IsDefinition => Kind == FactKind.Catalog && Key.StartsWith("definition ", StringComparison.Ordinal);
}

/// <summary>How two snapshots differ on one fact: missing (expected, not there), extra, or changed.</summary>
internal sealed record SchemaDifference(SchemaFact Fact, string? Was, string? Is)
{
    public bool Missing => Is is null;

    public bool Extra => Was is null;
}
