namespace Migrations.Build.Protocol.Results;

/// <summary><c>rebase</c>: the migration moved after the newest one, and the files written (or, with --dry-run, that would be).</summary>
public sealed record RebaseResult
{
    /// <summary>Its id before; null when there was nothing to rebase.</summary>
    public string? From { get; init; }

    /// <summary>Its new id: the same name, a new timestamp.</summary>
    public string? To { get; init; }

    /// <summary>The migration it now follows.</summary>
    public string? After { get; init; }

    public IReadOnlyList<string> Files { get; init; } = [];

    public bool DryRun { get; init; }
}
