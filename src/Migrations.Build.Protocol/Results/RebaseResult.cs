namespace Migrations.Build.Protocol.Results;

/// <summary><c>rebase</c>: the migrations moved after the newest other one, and the files written (or, with --dry-run, that would be).</summary>
public sealed record RebaseResult
{
    /// <summary>The first moved migration's id before; null when there was nothing to rebase.</summary>
    public string? From { get; init; }

    /// <summary>Its new id: the same name, a new timestamp.</summary>
    public string? To { get; init; }

    /// <summary>The migration the moved ones now follow.</summary>
    public string? After { get; init; }

    /// <summary>Every migration moved, in order (the first is also <see cref="From"/> and <see cref="To"/>).</summary>
    public IReadOnlyList<RebaseMove> Moved { get; init; } = [];

    public IReadOnlyList<string> Files { get; init; } = [];

    public bool DryRun { get; init; }
}

/// <summary>A moved migration's id before and after.</summary>
public sealed record RebaseMove(string From, string To);
