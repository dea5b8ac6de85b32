namespace Migrations.Build.Protocol.Results;

/// <summary><c>history</c>: every migration of the project, oldest first.</summary>
public sealed record HistoryResult
{
    public IReadOnlyList<MigrationEntry> Migrations { get; init; } = [];

    /// <summary>Ids recorded as applied in the database that the project no longer has.</summary>
    public IReadOnlyList<string> UnknownApplied { get; init; } = [];

    public bool DatabaseExists { get; init; }

    public DatabaseInfo? Database { get; init; }
}

public sealed record MigrationEntry
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    public bool Applied { get; init; }

    /// <summary>With <c>-v</c>: a line per operation of the migration's Up.</summary>
    public IReadOnlyList<string>? Operations { get; init; }
}
