namespace Migrations.Build.Protocol.Results;

/// <summary><c>squash</c>: the migrations replaced by one, the raw SQL steps it kept or left out, and the files written or deleted.</summary>
public sealed record SquashResult
{
    /// <summary>The migration they were squashed into: the last of them, whose id it keeps.</summary>
    public required string Into { get; init; }

    /// <summary>Every migration replaced, oldest first (<see cref="Into"/> last).</summary>
    public IReadOnlyList<string> Squashed { get; init; } = [];

    /// <summary>Raw SQL steps kept, in order, after the schema is created: "migration: first line".</summary>
    public IReadOnlyList<string> KeptSteps { get; init; } = [];

    /// <summary>Raw SQL data steps left out (--drop-data-steps).</summary>
    public IReadOnlyList<string> DroppedSteps { get; init; } = [];

    /// <summary>Raw SQL on tables, columns and indexes, which the target model makes as they ended up.</summary>
    public IReadOnlyList<string> ReplacedSteps { get; init; } = [];

    public IReadOnlyList<string> Written { get; init; } = [];

    public IReadOnlyList<string> Deleted { get; init; } = [];

    /// <summary>Whether the integrity file was updated (it had entries for squashed migrations).</summary>
    public bool Relocked { get; init; }

    public bool DryRun { get; init; }
}
