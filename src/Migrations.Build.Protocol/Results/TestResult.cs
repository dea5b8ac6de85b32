namespace Migrations.Build.Protocol.Results;

/// <summary>
/// <c>test</c>: every migration taken up, down and up again on a scratch database, the live schema
/// compared after each step; passed when every step left the schema as expected.
/// </summary>
public sealed record TestResult
{
    public required bool Passed { get; init; }

    public IReadOnlyList<TestStep> Steps { get; init; } = [];

    /// <summary>Where the cycle started (null: base) and the migration it went up to.</summary>
    public string? From { get; init; }

    public string? Target { get; init; }

    /// <summary>The migration where the cycle stopped early (a failed or irreversible step), if it did.</summary>
    public string? StoppedAt { get; init; }

    /// <summary>True when the database was a temporary file, deleted afterwards.</summary>
    public bool Temporary { get; init; }

    public DatabaseInfo? Database { get; init; }

    /// <summary>The seed (<c>--seed</c>: a SQL file's name, or <c>app</c>) and the migration it went in at (null: base).</summary>
    public string? Seed { get; init; }

    public string? SeedAt { get; init; }

    /// <summary>Every difference found, each naming its step's migration.</summary>
    public IReadOnlyList<string> Differences { get; init; } = [];

    /// <summary>What an ok step adds, e.g. the rows a seed made or why data was not checked; null when nothing.</summary>
    public string? Note { get; init; }
}

/// <summary>
/// One step of the cycle: a migration applied (up), reverted (down), applied again (up-again), the
/// schema compared with the model (model), the seed put in (seed), or the seeded rows checked after an Up (data).
/// </summary>
public sealed record TestStep
{
    public required string Migration { get; init; }

    public required string Direction { get; init; }

    public required bool Ok { get; init; }

    /// <summary>What went wrong, in a sentence; null when the step is ok.</summary>
    public string? Problem { get; init; }

    public IReadOnlyList<string> Differences { get; init; } = [];

    /// <summary>What an ok step adds, e.g. the rows a seed made or why data was not checked; null when nothing.</summary>
    public string? Note { get; init; }
}
