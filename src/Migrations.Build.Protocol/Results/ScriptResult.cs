namespace Migrations.Build.Protocol.Results;

/// <summary><c>upgrade --sql</c> and <c>downgrade --sql</c>: the SQL that would run, not run.</summary>
public sealed record ScriptResult
{
    public string? From { get; init; }

    public string? To { get; init; }

    public bool Idempotent { get; init; }

    public required string Sql { get; init; }
}
