using FluentAssertions;

namespace Migrations.Build.Tests.Infrastructure;

/// <summary>
/// A copy of the sample as a user would have it: one PackageReference to the packed
/// Migrations.Build package, a nuget.config naming the feed, and real dotnet build/publish runs.
/// </summary>
public sealed class GatedSample : IDisposable
{
    private readonly PackedPackages _packages;

    public GatedSample(PackedPackages packages)
    {
        _packages = packages;
        Copy = new SampleCopy();
        Copy.Edit(
            "Library.csproj",
            "<PackageReference Include=\"Microsoft.EntityFrameworkCore.Design\" Version=\"10.0.15\" />",
            "<PackageReference Include=\"Microsoft.EntityFrameworkCore.Design\" Version=\"10.0.15\" />\n"
                + $"    <PackageReference Include=\"Migrations.Build\" Version=\"{packages.Version}\" />");
        Copy.Write("nuget.config", packages.NuGetConfig);
    }

    public SampleCopy Copy { get; }

    /// <summary>The app's own SQLite database, where the sample goes unless told otherwise.</summary>
    public string Database => Copy.NewDatabase("library");

    public ProcessResult Dotnet(params string[] args) => ProcessResult.Run("dotnet", [.. args, "-nologo"], Copy.Directory, Copy.Environment);

    public ProcessResult Build(params string[] args) => Dotnet(["build", .. args]);

    /// <summary>The installed tool, to look at what the build did.</summary>
    public ProcessResult Migrate(params string[] args) => ProcessResult.Run(_packages.Tool, args, Copy.Directory, Copy.Environment);

    /// <summary>
    /// Switches the copy to another provider, with the migrations that were generated for it in
    /// <paramref name="generated"/> (a copy of the same sample, so the result is what generating here would give).
    /// </summary>
    public void UseProvider(string provider, string connection, SampleCopy generated)
    {
        Copy.Environment["LIBRARY_PROVIDER"] = provider;
        Copy.Environment["LIBRARY_CONNECTION"] = connection;
        var migrations = Path.Combine(Copy.Directory, "Migrations");
        foreach (var file in Directory.GetFiles(migrations))
        {
            File.Delete(file);
        }

        foreach (var file in Directory.GetFiles(Path.Combine(generated.Directory, "Migrations")))
        {
            File.Copy(file, Path.Combine(migrations, Path.GetFileName(file)));
        }
    }

    public void AddMemberPhone() => Copy.AddMemberPhone();

    /// <summary>Lines of build output that carry a MIG diagnostic, without MSBuild's repeat in the summary.</summary>
    public static IReadOnlyList<string> Diagnostics(ProcessResult run)
        => run.All.Split('\n').Where(l => l.Contains(": error MIG", StringComparison.Ordinal) || l.Contains(": warning MIG", StringComparison.Ordinal))
            .Select(l => l.Trim()).Distinct().ToList();

    public void Dispose() => Copy.Dispose();

    public static void ShouldSucceed(ProcessResult run) => run.ExitCode.Should().Be(0, run.ToString());
}
