using FluentAssertions;

namespace Migrations.Build.Tests.Infrastructure;

/// <summary>
/// The product as users get it: both packages packed into a temp feed under a version no earlier
/// run used (NuGet caches packages by version), and the tool installed from that feed. Packed once
/// per test run and shared by every collection that takes it (so end-to-end collections can run side
/// by side); deleted when the run ends.
/// </summary>
public sealed class PackedPackages
{
    private static readonly Lazy<PackedPackages> Shared = new(() => new PackedPackages(packing: true));

    /// <summary>The run's packed packages (xunit's fixture constructor).</summary>
    public PackedPackages()
        : this(Shared.Value)
    {
    }

    private PackedPackages(PackedPackages shared)
    {
        (Version, Root, Feed, Tool) = (shared.Version, shared.Root, shared.Feed, shared.Tool);
    }

    private PackedPackages(bool packing)
    {
        Version = $"0.1.0-e2e.{DateTime.UtcNow:yyyyMMddHHmmssfff}";
        Root = Path.Combine(Path.GetTempPath(), "migrations-build-tests", "packages-" + Guid.NewGuid().ToString("N")[..8]);
        Feed = Path.Combine(Root, "feed");
        foreach (var project in new[] { "Migrations.Build.Tasks", "Migrations.Build.Tool" })
        {
            var pack = ProcessResult.Run(
                "dotnet",
                ["pack", Path.Combine(Repo.Root, "src", project), "-c", "Release", "-o", Feed, $"-p:Version={Version}", "-nologo"],
                Repo.Root);
            pack.ExitCode.Should().Be(0, "packing {0} must work: {1}", project, pack);
        }

        var toolPath = Path.Combine(Root, "tools");
        var install = ProcessResult.Run(
            "dotnet", ["tool", "install", "Migrations.Build.Tool", "--version", Version, "--add-source", Feed, "--tool-path", toolPath], Root);
        install.ExitCode.Should().Be(0, install.ToString());
        Tool = Path.Combine(toolPath, "dotnet-migrate");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Delete(Root);
    }

    public string Version { get; }

    public string Root { get; }

    public string Feed { get; }

    /// <summary>A nuget.config for a user's project that adds the feed to the usual sources.</summary>
    public string NuGetConfig => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <configuration>
          <packageSources>
            <add key="migrations-build-under-test" value="{Feed}" />
          </packageSources>
        </configuration>
        """;

    /// <summary>The installed <c>dotnet-migrate</c> executable.</summary>
    public string Tool { get; }

    private static void Delete(string root)
    {
        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PackedPackagesCollection : ICollectionFixture<PackedPackages>
{
    public const string Name = "packed packages";
}

/// <summary>The lives of apps on each EF Core version: long, so beside the other end-to-end tests, not after them.</summary>
[CollectionDefinition(Name)]
public sealed class EFCoreVersionsCollection : ICollectionFixture<PackedPackages>
{
    public const string Name = "EF Core versions";
}
