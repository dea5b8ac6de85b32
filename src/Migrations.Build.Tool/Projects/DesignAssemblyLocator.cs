using Migrations.Build.Tool.Running;

namespace Migrations.Build.Tool.Projects;

/// <summary>
/// The engine needs EF Core Design from the app. Usually the app's deps.json lists it; with
/// <c>PrivateAssets=all</c> and runtime assets excluded it may not, and then it is taken from the
/// project's resolved package assets. When the app doesn't reference it at all, the user is told how.
/// </summary>
internal static class DesignAssemblyLocator
{
    private const string Package = "Microsoft.EntityFrameworkCore.Design";

    public static IReadOnlyList<string> ExtraAssemblies(ProjectMetadata startup, string configuration)
    {
        if (File.Exists(startup.DepsFile) && File.ReadAllText(startup.DepsFile).Contains($"\"{Package}/", StringComparison.OrdinalIgnoreCase))
        {
            return [];
        }

        var output = new List<string>();
        var args = new[]
        {
            "msbuild", startup.ProjectPath, "-nologo", "-t:ResolvePackageAssets", $"-p:Configuration={configuration}",
            $"-p:TargetFramework={startup.Properties.GetValueOrDefault("TargetFramework")}", "-getItem:RuntimeCopyLocalItems",
            "-getItem:ResolvedCompileFileDefinitions",
        };
        ProcessRunner.Run(ProcessRunner.DotnetHost(), args, startup.ProjectDir, output.Add, output.Add);
        var paths = output
            .Select(l => l.Trim().Trim('"', ','))
            .Where(l => l.EndsWith($"{Package}.dll", StringComparison.OrdinalIgnoreCase))
            .Select(l => l.Replace("\"Identity\": \"", string.Empty, StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal))
            .Where(File.Exists)
            .Distinct()
            .ToList();
        if (paths.Count == 0)
        {
            throw new ToolException(
                $"{startup.Name} does not reference {Package}, which migrations need to load the app. Add it:\n"
                + $"  dotnet add {startup.ProjectPath} package {Package}");
        }

        return paths;
    }
}
