namespace Migrations.Build.Protocol.Results;

/// <summary><c>check</c> and <c>lint</c>: drift between model and migrations, and what is pending.</summary>
public sealed record CheckResult
{
    public bool Drift { get; init; }

    /// <summary>Readable lines, e.g. "Customer.Email: column added (Customers.Email)".</summary>
    public IReadOnlyList<string> DriftChanges { get; init; } = [];

    public IReadOnlyList<string> Pending { get; init; } = [];

    public IReadOnlyList<Finding> Findings { get; init; } = [];

    /// <summary>The integrity file the check read (it may not exist yet).</summary>
    public string? LockFile { get; init; }

    /// <summary>Every rule the check knows, so reports can describe them.</summary>
    public IReadOnlyList<RuleInfo> Rules { get; init; } = [];

    /// <summary>False when no database could be reached; pending is then not known.</summary>
    public bool DatabaseReachable { get; init; }
}
