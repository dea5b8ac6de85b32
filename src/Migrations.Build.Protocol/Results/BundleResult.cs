namespace Migrations.Build.Protocol.Results;

/// <summary><c>bundle</c>: the executable made, what it runs on and what it holds.</summary>
public sealed record BundleResult
{
    /// <summary>The bundle's full path.</summary>
    public required string File { get; init; }

    public long Bytes { get; init; }

    public required string Runtime { get; init; }

    /// <summary>True when it carries the .NET runtime; false when it needs the app's runtime installed.</summary>
    public bool SelfContained { get; init; }

    public required string App { get; init; }

    public required string EFCore { get; init; }

    public IReadOnlyList<BundledContext> Contexts { get; init; } = [];
}
