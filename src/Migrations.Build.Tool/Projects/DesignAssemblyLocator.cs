using System.Text.Json;
using Migrations.Build.Protocol;
using Migrations.Build.Tool.Running;

namespace Migrations.Build.Tool.Projects;

/// <summary>
/// The engine needs EF Core Design from the app. Usually the app's deps.json lists it; when it
/// doesn't (e.g. referenced with runtime assets excluded), it is taken from the project's resolved
/// package assets. When the app doesn't reference it at all, EngineLocator tells the user how.
/// </summary>
internal static class DesignAssemblyLocator
{
    private const string Package = "Microsoft.EntityFrameworkCore.Design";

    public static IReadOnlyList<string> ExtraAssemblies(ProjectMetadata startup, string configuration)
    {
        if (File.Exists(startup.DepsFile) && AppPackages.Read(startup.DepsFile).Version(Package) is not null)
        {
            return [];
        }

        var output = new List<string>();
        var args = new[]
        {
            "msbuild", startup.ProjectPath, "-nologo", "-t:ResolvePackageAssets", $"-p:Configuration={configuration}",
            $"-p:TargetFramework={startup.Properties.GetValueOrDefault("TargetFramework")}",
            "-getItem:RuntimeCopyLocalItems", "-getItem:ResolvedCompileFileDefinitions",
        };
        ProcessRunner.Run(ProcessRunner.DotnetHost(), args, startup.ProjectDir, output.Add, output.Add);
        return Paths(string.Join('\n', output))
            .Where(p => Path.GetFileName(p).Equals(Package + ".dll", StringComparison.OrdinalIgnoreCase) && File.Exists(p))
            .Distinct()
            .ToList();
    }

    /// <summary>The item paths in MSBuild's <c>-getItem</c> JSON: <c>{"Items": {"Name": [{"FullPath": ...}]}}</c>.</summary>
    internal static IEnumerable<string> Paths(string msbuildOutput)
    {
        var start = msbuildOutput.IndexOf('{', StringComparison.Ordinal);
        if (start < 0)
        {
            return [];
        }

        try
        {
            using var document = JsonDocument.Parse(msbuildOutput[start..]);
            return document.RootElement.GetProperty("Items").EnumerateObject()
                .SelectMany(items => items.Value.EnumerateArray())
                .Select(item => item.TryGetProperty("FullPath", out var full) ? full.GetString() : item.GetProperty("Identity").GetString())
                .OfType<string>()
                .ToList();
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return [];
        }
    }
}
