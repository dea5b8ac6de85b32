namespace Migrations.Build.Protocol.Results;

/// <summary>One rule's finding on one migration (shape fixed by the contract).</summary>
public sealed record Finding
{
    public required string Rule { get; init; }

    public required string Severity { get; init; }

    public string? Migration { get; init; }

    public string? File { get; init; }

    public int? Line { get; init; }

    /// <summary>The position on <see cref="Line"/> (1-based), so IDEs put the cursor on the call.</summary>
    public int? SourceColumn { get; init; }

    public string? Table { get; init; }

    public string? Column { get; init; }

    public required string Message { get; init; }

    public long? RowsAtRisk { get; init; }
}
