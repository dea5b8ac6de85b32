using System.Text.Json.Serialization;
using Migrations.Build.Tool.Running;

namespace Migrations.Build.Tool.Projects;

/// <summary>One file an evaluation read, or probed for: its time and size, or -1 when it was absent.</summary>
internal sealed record InputFile(string Path, long Ticks, long Length)
{
    public static InputFile Of(string path)
    {
        var info = new FileInfo(path);
        return info.Exists ? new InputFile(path, info.LastWriteTimeUtc.Ticks, info.Length) : new InputFile(path, -1, -1);
    }

    [JsonIgnore]
    public bool Unchanged => Of(Path) == this;
}

/// <summary>
/// Everything an MSBuild evaluation of a project depends on: every file it imported (from MSBuild's
/// own preprocessed listing), the files that would change it by appearing (Directory.Build.*,
/// global.json, restore's output), the installed SDKs, the environment (each variable is a property),
/// and the global properties. Cheap to check (a few hundred file times), unlike an evaluation.
/// </summary>
internal sealed record ProjectInputs(IReadOnlyList<InputFile> Files, string Environment, string Sdks, IReadOnlyList<string> GlobalProperties)
{
    private static readonly string[] ProbedInAncestors =
        ["Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props", "global.json"];

    public bool Unchanged(ProjectInputs now)
        => Environment == now.Environment && Sdks == now.Sdks && GlobalProperties.SequenceEqual(now.GlobalProperties)
           && Files.All(f => f.Unchanged);

    /// <summary>The inputs that can be known without evaluating; <see cref="Files"/> holds only the probes.</summary>
    public static ProjectInputs Current(string projectPath, IReadOnlyList<string> globalProperties)
        => new(Probes(projectPath).Select(InputFile.Of).ToList(), Protocol.EnvironmentFingerprint.Compute(), SdkListing(), globalProperties);

    public ProjectInputs WithImports(IEnumerable<string> imports)
        => this with { Files = Files.Concat(imports.Select(InputFile.Of)).DistinctBy(f => f.Path).ToList() };

    /// <summary>
    /// Every file an evaluation imports, read from <c>dotnet msbuild -pp</c>: each import is
    /// announced by its full path on the line before a closing row of '='.
    /// </summary>
    public static IReadOnlyList<string> Imports(string projectPath, IReadOnlyList<string> globalProperties)
    {
        var listing = Path.Combine(Path.GetTempPath(), $"migrate-pp-{Guid.NewGuid():N}.xml");
        try
        {
            var output = new List<string>();
            var args = new List<string> { "msbuild", projectPath, "-nologo", $"-pp:{listing}" };
            args.AddRange(globalProperties.Select(p => $"-p:{p}"));
            var exitCode = ProcessRunner.Run(ProcessRunner.DotnetHost(), args, Path.GetDirectoryName(projectPath), output.Add, output.Add);
            return exitCode == 0 && File.Exists(listing) ? ImportsIn(File.ReadLines(listing)) : [];
        }
        finally
        {
            File.Delete(listing);
        }
    }

    internal static IReadOnlyList<string> ImportsIn(IEnumerable<string> preprocessed)
    {
        var imports = new List<string>();
        string? previous = null;
        foreach (var raw in preprocessed)
        {
            var line = raw.Trim();
            if (previous is not null && line.Length > 20 && line.All(c => c == '=') && Path.IsPathFullyQualified(previous))
            {
                imports.Add(previous);
            }

            previous = line;
        }

        return imports.Distinct(StringComparer.Ordinal).ToList();
    }

    private static IEnumerable<string> Probes(string projectPath)
    {
        var projectDir = Path.GetDirectoryName(Path.GetFullPath(projectPath))!;
        var obj = Path.Combine(projectDir, "obj");
        var file = Path.GetFileName(projectPath);
        yield return Path.GetFullPath(projectPath);
        yield return Path.Combine(obj, "project.assets.json");
        yield return Path.Combine(obj, file + ".nuget.g.props");
        yield return Path.Combine(obj, file + ".nuget.g.targets");
        for (var dir = new DirectoryInfo(projectDir); dir is not null; dir = dir.Parent)
        {
            foreach (var name in ProbedInAncestors)
            {
                yield return Path.Combine(dir.FullName, name);
            }
        }
    }

    /// <summary>Which SDKs are installed: a new one can change what global.json or the default picks.</summary>
    private static string SdkListing()
    {
        var host = ProcessRunner.DotnetHost();
        var sdk = Path.IsPathFullyQualified(host) ? Path.Combine(Path.GetDirectoryName(host)!, "sdk") : null;
        return sdk is not null && Directory.Exists(sdk) ? string.Join(';', Directory.GetDirectories(sdk).Select(Path.GetFileName).Order(StringComparer.Ordinal))
            : string.Empty;
    }
}
