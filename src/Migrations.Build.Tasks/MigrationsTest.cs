using System.Linq;
using System.Text.Json;
using Microsoft.Build.Framework;
using Migrations.Build.Protocol;
using Migrations.Build.Protocol.Results;

namespace Migrations.Build.Tasks;

/// <summary><c>-t:MigrationsTest</c>: every migration up, down and up again on a scratch database; fails when a step does.</summary>
public sealed class MigrationsTest : EngineTask
{
    /// <summary>How far up to go (default head).</summary>
    public string? Target { get; set; }

    /// <summary>Where the cycle starts (default base).</summary>
    public string? From { get; set; }

    /// <summary>Tables left out of the comparisons (glob patterns).</summary>
    public string[] IgnoreTables { get; set; } = [];

    public bool AllowExisting { get; set; }

    /// <summary>Seed data checked through the cycle: a SQL file (relative to the project) or <c>app</c>.</summary>
    public string? Seed { get; set; }

    /// <summary>The migration after which the seed goes in.</summary>
    public string? SeedAt { get; set; }

    protected override string Command => EngineVerbs.Test;

    protected override EngineRequest Complete(EngineRequest request) => request with
    {
        Target = string.IsNullOrEmpty(Target) ? null : Target,
        From = string.IsNullOrEmpty(From) ? null : From,
        IgnoreTables = IgnoreTables,
        AllowExisting = AllowExisting,
        Seed = string.IsNullOrEmpty(Seed) ? null : Seed == EngineRequest.AppSeed ? Seed : Path.GetFullPath(Seed, App.GetMetadata("ProjectDir")),
        SeedAt = string.IsNullOrEmpty(SeedAt) ? null : SeedAt,
    };

    protected override void OnResult(JsonElement result)
    {
        var test = result.Deserialize<TestResult>(ProtocolJson.Compact)!;
        var seeded = test.Seed is null ? string.Empty
            : $"; seed {test.Seed} at {test.SeedAt ?? "base"}, checked after {test.Steps.Count(s => s.Direction == "data")} migration(s)";
        Log.LogMessage(MessageImportance.High, test.Passed
            ? Say($"{test.Steps.Count} step(s) up, down and up again from {test.From ?? "base"} to {test.Target ?? "base"}{seeded}: passed.")
            : Say($"the up/down cycle failed{(test.StoppedAt is { } at ? $" at {at}" : string.Empty)} ({test.Differences.Count} problem(s)){seeded}."));
    }
}
