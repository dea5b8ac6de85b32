namespace Migrations.Build.Protocol.Results;

/// <summary><c>current</c>: where the database is, where the migrations end, and what lies between.</summary>
public sealed record CurrentResult
{
    /// <summary>The last applied migration's id, or null at base (or when there is no database yet).</summary>
    public string? Current { get; init; }

    /// <summary>The newest migration's id, or null when the project has none.</summary>
    public string? Head { get; init; }

    public IReadOnlyList<string> Pending { get; init; } = [];

    /// <summary>False when the database does not exist yet (reading commands never create it).</summary>
    public bool DatabaseExists { get; init; }

    public DatabaseInfo? Database { get; init; }
}
