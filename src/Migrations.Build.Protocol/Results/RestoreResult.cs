namespace Migrations.Build.Protocol.Results;

/// <summary><c>restore</c>: the file and, per table, the rows put back.</summary>
public sealed record RestoreResult
{
    public required string File { get; init; }

    public IReadOnlyList<RestoreTableResult> Tables { get; init; } = [];
}

/// <summary>
/// One table restored: <see cref="Rows"/> put back, of which <see cref="Updated"/> matched a row
/// already there by key; <see cref="MissingColumns"/> were in the backup but not in the table now
/// (their values stay in the backup file).
/// </summary>
public sealed record RestoreTableResult(string Name, long Rows, long Inserted, long Updated, IReadOnlyList<string> MissingColumns);
