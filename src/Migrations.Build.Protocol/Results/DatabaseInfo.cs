namespace Migrations.Build.Protocol.Results;

/// <summary>Which database a command worked on, without secrets.</summary>
public sealed record DatabaseInfo
{
    /// <summary>The EF Core provider, e.g. Microsoft.EntityFrameworkCore.Sqlite.</summary>
    public required string Provider { get; init; }

    /// <summary>The connection string with passwords and tokens masked.</summary>
    public string? Connection { get; init; }

    public string? Context { get; init; }
}
