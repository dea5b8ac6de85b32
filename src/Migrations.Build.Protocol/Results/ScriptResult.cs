namespace Migrations.Build.Protocol.Results;

/// <summary><c>upgrade --sql</c> and <c>downgrade --sql</c>: the SQL that would run, not run.</summary>
public sealed record ScriptResult
{
    public string? From { get; init; }

    public string? To { get; init; }

    public bool Idempotent { get; init; }

    /// <summary>The script, unless it was written to <see cref="File"/>.</summary>
    public string? Sql { get; init; }

    public string? File { get; init; }
}
