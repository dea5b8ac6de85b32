namespace Migrations.Build.Protocol.Results;

/// <summary>
/// <c>rollback</c>: where the database was and is now, and the backup of the data at risk that was
/// written (and verified) before anything was reverted; <c>restore</c> brings it back.
/// </summary>
public sealed record RollbackResult
{
    public string? From { get; init; }

    public string? To { get; init; }

    /// <summary>Null only when there was nothing to roll back.</summary>
    public string? BackupFile { get; init; }

    /// <summary>none, low or high, as validate reports it.</summary>
    public required string Risk { get; init; }

    public IReadOnlyList<string> Reverted { get; init; } = [];

    public IReadOnlyList<BackupTableResult> BackedUp { get; init; } = [];

    public IReadOnlyList<Finding> Findings { get; init; } = [];
}
