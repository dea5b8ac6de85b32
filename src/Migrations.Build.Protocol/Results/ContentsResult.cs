namespace Migrations.Build.Protocol.Results;

/// <summary><c>contents</c>: what a migration bundle holds, read from the compiled app alone.</summary>
public sealed record ContentsResult
{
    /// <summary>The EF Core version the app runs on.</summary>
    public required string EFCore { get; init; }

    public IReadOnlyList<BundledContext> Contexts { get; init; } = [];
}

/// <summary>A DbContext with migrations, by its type's name, and its migrations' ids in order.</summary>
public sealed record BundledContext(string Name, IReadOnlyList<string> Migrations);
