using FluentAssertions;
using Migrations.Build.Tests.Infrastructure;

namespace Migrations.Build.Tests.Unit;

/// <summary>
/// Each commit packs its own version (MinVer: the last v* tag plus the commit height), so no NuGet cache serves stale bits under a reused one.
/// </summary>
public class PackageVersionTests
{
    [Fact]
    public void The_package_version_carries_the_commit_height()
    {
        var git = ProcessResult.Run("git", ["rev-parse", "--is-shallow-repository"], Repo.Root);
        if (git.ExitCode != 0 || git.Stdout.Trim() != "false")
        {
            Assert.Skip($"The version comes from git history, and this checkout has none to count (git rev-parse: {git.All.Trim()}).");
        }

        var run = ProcessResult.Run("dotnet",
            ["msbuild", Path.Combine(Repo.Root, "src", "Migrations.Build.Protocol"), "-t:MinVer", "-getProperty:Version", "-nologo"], Repo.Root);

        run.ExitCode.Should().Be(0, run.ToString());
        run.Stdout.Trim().Should().MatchRegex(@"^\d+\.\d+\.\d+(-alpha\.0\.[1-9]\d*)?$", "an untagged commit's version ends with its height");
    }
}
