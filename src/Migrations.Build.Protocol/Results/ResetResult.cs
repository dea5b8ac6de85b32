namespace Migrations.Build.Protocol.Results;

/// <summary><c>reset-dev</c>: whether a database was dropped, and the migrations applied to the new one.</summary>
public sealed record ResetResult
{
    public bool Dropped { get; init; }

    public string? To { get; init; }

    public IReadOnlyList<string> Applied { get; init; } = [];

    public DatabaseInfo? Database { get; init; }
}
