namespace Migrations.Build.Protocol.Results;

/// <summary><c>lock</c>: the integrity file written.</summary>
public sealed record LockResult
{
    public required string File { get; init; }

    /// <summary>Every migration now locked, oldest first.</summary>
    public IReadOnlyList<string> Migrations { get; init; } = [];

    /// <summary>The ones this run added.</summary>
    public IReadOnlyList<string> Added { get; init; } = [];

    /// <summary>Recorded as a baseline: the added migrations were taken as reviewed, whatever their findings.</summary>
    public bool Baseline { get; init; }

    /// <summary>Findings on the added migrations (acknowledged, warnings, or a baseline's; errors refuse the lock).</summary>
    public IReadOnlyList<Finding> Findings { get; init; } = [];
}
