namespace Migrations.Build.Protocol.Results;

/// <summary><c>upgrade</c> and <c>downgrade</c>: where the database was and where it is now.</summary>
public sealed record MigrateResult
{
    public string? From { get; init; }

    public string? To { get; init; }

    /// <summary>Migrations applied (upgrade) in order.</summary>
    public IReadOnlyList<string> Applied { get; init; } = [];

    /// <summary>Migrations reverted (downgrade) in order.</summary>
    public IReadOnlyList<string> Reverted { get; init; } = [];

    public DatabaseInfo? Database { get; init; }
}
