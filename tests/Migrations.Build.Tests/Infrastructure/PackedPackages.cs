using FluentAssertions;

namespace Migrations.Build.Tests.Infrastructure;

/// <summary>
/// The product as users get it: both packages packed into a temp feed under a version no earlier
/// run used (NuGet caches packages by version), and the tool installed from that feed.
/// </summary>
public sealed class PackedPackages : IDisposable
{
    public PackedPackages()
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

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
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
