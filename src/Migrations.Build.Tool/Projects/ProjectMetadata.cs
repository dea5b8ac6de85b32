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
    ];

    public string TargetPath => Get("TargetPath");

    public string ProjectDir => Get("ProjectDir");

    public string? RootNamespace => Properties.GetValueOrDefault("RootNamespace") is { Length: > 0 } ns ? ns : null;

    public string? Language => Properties.GetValueOrDefault("Language") is { Length: > 0 } l ? l : null;

    public bool Nullable => Properties.GetValueOrDefault("Nullable") is "enable" or "annotations";

    public string DepsFile => Get("ProjectDepsFilePath");

    public string RuntimeConfig => Get("ProjectRuntimeConfigFilePath");

    public IReadOnlyList<string> PackageFolders
        => Properties.GetValueOrDefault("NuGetPackageFolders")?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];

    public string Name => Path.GetFileNameWithoutExtension(ProjectPath);

    private string Get(string name) => Properties.GetValueOrDefault(name) is { Length: > 0 } value
        ? value
        : throw new ToolException($"MSBuild gave no {name} for {ProjectPath}. Is it an SDK-style .NET project?");

    public static ProjectMetadata Evaluate(string projectPath, string configuration, string? framework)
    {
        var metadata = EvaluateOnce(projectPath, configuration, framework);
        if (framework is null && string.IsNullOrEmpty(metadata.Properties.GetValueOrDefault("TargetFramework")))
        {
            var frameworks = metadata.Properties.GetValueOrDefault("TargetFrameworks")?
                .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
            if (frameworks.Length != 1)
            {
                throw new ToolException(
                    $"{Path.GetFileName(projectPath)} targets several frameworks ({string.Join(", ", frameworks)}). Pick one with --framework.");
            }

            metadata = EvaluateOnce(projectPath, configuration, frameworks[0]);
        }

        return metadata;
    }

    private static ProjectMetadata EvaluateOnce(string projectPath, string configuration, string? framework)
    {
        var args = new List<string> { "msbuild", projectPath, "-nologo", $"-p:Configuration={configuration}" };
        if (framework is not null)
        {
            args.Add($"-p:TargetFramework={framework}");
        }

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
