namespace Migrations.Build.Protocol.Results;

/// <summary><c>validate</c>: what moving to the target would risk, with the rows at risk counted on the database.</summary>
public sealed record ValidateResult
{
    /// <summary>The target's migration id, or null for base.</summary>
    public string? Target { get; init; }

    public string? From { get; init; }

    /// <summary>upgrade or downgrade (or none when the database is already there).</summary>
    public required string Direction { get; init; }

    /// <summary>none, low or high.</summary>
    public required string Risk { get; init; }

    /// <summary>The migrations that would run, in order.</summary>
    public IReadOnlyList<string> Migrations { get; init; } = [];

    public IReadOnlyList<Finding> Findings { get; init; } = [];
}
