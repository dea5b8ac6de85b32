namespace Migrations.Build.Protocol.Results;

/// <summary><c>stamp</c>: history rows written or removed, no migration run.</summary>
public sealed record StampResult
{
    public string? From { get; init; }

    public string? To { get; init; }

    public IReadOnlyList<string> Inserted { get; init; } = [];

    public IReadOnlyList<string> Removed { get; init; } = [];
}
