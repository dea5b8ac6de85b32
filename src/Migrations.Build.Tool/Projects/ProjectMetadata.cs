using System.Text.Json;
using Migrations.Build.Tool.Running;

namespace Migrations.Build.Tool.Projects;

/// <summary>What MSBuild says about a project (output paths, namespace, frameworks), read by evaluating it.</summary>
internal sealed record ProjectMetadata(string ProjectPath, IReadOnlyDictionary<string, string> Properties)
{
    private static readonly string[] Names =
    [
        "TargetPath", "ProjectDir", "RootNamespace", "Language", "Nullable", "TargetFramework", "TargetFrameworks",
        "ProjectDepsFilePath", "ProjectRuntimeConfigFilePath", "NuGetPackageFolders", "AssemblyName", "OutputType",
        "_MigrationsCheckStamp", "_MigrationsProjectReferences", "BaseIntermediateOutputPath",
    ];

    public string TargetPath => Get("TargetPath");

    public string ProjectDir => Get("ProjectDir");

    public string? RootNamespace => Properties.GetValueOrDefault("RootNamespace") is { Length: > 0 } ns ? ns : null;

    public string? Language => Properties.GetValueOrDefault("Language") is { Length: > 0 } l ? l : null;

    public bool Nullable => Properties.GetValueOrDefault("Nullable") is "enable" or "annotations";

    public string DepsFile => Get("ProjectDepsFilePath");

    /// <summary>The build gate's stamp, when the project has the package: a command that moves the database deletes it.</summary>
    public string? CheckStamp => Properties.GetValueOrDefault("_MigrationsCheckStamp") is { Length: > 0 } stamp ? stamp : null;

    /// <summary>
    /// The projects it references, as its last build listed them (with the package): where the engine finds
    /// their sources and the project of a migrations assembly in a library.
    /// </summary>
    public IReadOnlyList<string> ProjectReferences
        => Properties.GetValueOrDefault("_MigrationsProjectReferences") is { Length: > 0 } file && File.Exists(file)
            ? File.ReadAllLines(file).Where(l => l.Length > 0).ToList()
            : [];

    public string RuntimeConfig => Get("ProjectRuntimeConfigFilePath");

    public IReadOnlyList<string> PackageFolders
        => Properties.GetValueOrDefault("NuGetPackageFolders")?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];

    public string Name => Path.GetFileNameWithoutExtension(ProjectPath);

    private string Get(string name) => Properties.GetValueOrDefault(name) is { Length: > 0 } value
        ? value
        : throw new ToolException($"MSBuild gave no {name} for {ProjectPath}. Is it an SDK-style .NET project?");

    /// <summary>
    /// The project's properties: from the cache in obj/ while none of the evaluation's inputs changed,
    /// else from MSBuild (and cached, with the list of files it imported, read in parallel).
    /// </summary>
    public static ProjectMetadata Evaluate(string projectPath, string configuration, string? framework, Action<string>? verbose = null)
    {
        var global = GlobalProperties(configuration, framework);
        var cache = MetadataCache.For(projectPath, global, Names);
        var inputs = ProjectInputs.Current(projectPath, global);
        if (cache?.Read(inputs) is { } cached)
        {
            verbose?.Invoke($"Project metadata of {Path.GetFileName(projectPath)} from {cache.File} (its inputs are unchanged).");
            return new ProjectMetadata(projectPath, cached);
        }

        var imports = cache is null ? null : Task.Run(() => ProjectInputs.Imports(projectPath, global));
        var metadata = Evaluate(projectPath, configuration, framework, global);
        if (cache is not null && imports!.Result is { Count: > 0 } files)
        {
            // A multi-targeted project's properties come from its inner evaluation, which imports more.
            var inner = framework is null && metadata.Properties.GetValueOrDefault("TargetFrameworks") is { Length: > 0 }
                && metadata.Properties.GetValueOrDefault("TargetFramework") is { Length: > 0 } tf
                ? ProjectInputs.Imports(projectPath, GlobalProperties(configuration, tf))
                : [];
            cache.Write(inputs.WithImports(files.Concat(inner)), metadata.Properties);
        }

        return metadata;
    }

    private static List<string> GlobalProperties(string configuration, string? framework)
        => framework is null ? [$"Configuration={configuration}"] : [$"Configuration={configuration}", $"TargetFramework={framework}"];

    private static ProjectMetadata Evaluate(string projectPath, string configuration, string? framework, List<string> global)
    {
        var metadata = EvaluateOnce(projectPath, global);
        if (framework is null && string.IsNullOrEmpty(metadata.Properties.GetValueOrDefault("TargetFramework")))
        {
            var frameworks = metadata.Properties.GetValueOrDefault("TargetFrameworks")?
                .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
            if (frameworks.Length != 1)
            {
                throw new ToolException(
                    $"{Path.GetFileName(projectPath)} targets several frameworks ({string.Join(", ", frameworks)}). Pick one with --framework.");
            }

            metadata = EvaluateOnce(projectPath, GlobalProperties(configuration, frameworks[0]));
        }

        return metadata;
    }

    private static ProjectMetadata EvaluateOnce(string projectPath, IEnumerable<string> globalProperties)
    {
        var args = new List<string> { "msbuild", projectPath, "-nologo" };
        args.AddRange(globalProperties.Select(p => $"-p:{p}"));
        args.AddRange(Names.Select(n => $"-getProperty:{n}"));
        var output = new List<string>();
        var exitCode = ProcessRunner.Run(ProcessRunner.DotnetHost(), args, Path.GetDirectoryName(projectPath), output.Add, output.Add);
        var text = string.Join('\n', output);
        if (exitCode != 0)
        {
            throw new ToolException($"MSBuild could not read {projectPath}:\n{text}");
        }

        var json = text[text.IndexOf('{', StringComparison.Ordinal)..];
        using var document = JsonDocument.Parse(json);
        var properties = document.RootElement.GetProperty("Properties").EnumerateObject()
            .ToDictionary(p => p.Name, p => p.Value.GetString() ?? string.Empty);
        return new ProjectMetadata(projectPath, properties);
    }
}
