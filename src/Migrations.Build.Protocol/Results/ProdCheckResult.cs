namespace Migrations.Build.Protocol.Results;

/// <summary><c>prod-check</c>: each check with whether it passed and what it saw.</summary>
public sealed record ProdCheckResult
{
    public required bool Passed { get; init; }

    public string? Environment { get; init; }

    public DatabaseInfo? Database { get; init; }

    public IReadOnlyList<ProdCheckItem> Checks { get; init; } = [];

    public IReadOnlyList<string> Pending { get; init; } = [];

    public IReadOnlyList<Finding> Findings { get; init; } = [];
}

public sealed record ProdCheckItem(string Name, bool Ok, string Detail);
