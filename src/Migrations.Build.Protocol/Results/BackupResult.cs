namespace Migrations.Build.Protocol.Results;

/// <summary><c>backup</c>: the file written and what it holds.</summary>
public sealed record BackupResult
{
    public required string File { get; init; }

    public IReadOnlyList<BackupTableResult> Tables { get; init; } = [];
}

public sealed record BackupTableResult(string Name, long Rows);
