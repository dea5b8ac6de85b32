namespace Migrations.Build.Tool.Projects;

/// <summary>Finds the project file a user means: a path to one, a folder holding one, or the current folder.</summary>
internal static class ProjectLocator
{
    private static readonly string[] Patterns = ["*.csproj", "*.fsproj", "*.vbproj"];

    /// <summary>The folder of the project <paramref name="given"/> names; in a bundle, which has no project, the current folder.</summary>
    public static string FolderOf(string? given)
        => Bundling.BundleManifest.Current is null ? Path.GetDirectoryName(Resolve(given, "--project"))! : Directory.GetCurrentDirectory();

    public static string Resolve(string? given, string option)
    {
        if (given is not null && string.IsNullOrWhiteSpace(given))
        {
            throw new ToolException($"{option} is empty: give the path of a .csproj or of the folder that holds it, or leave {option} out.");
        }

        var path = Path.GetFullPath(given ?? Directory.GetCurrentDirectory());
        if (File.Exists(path))
        {
            return path;
        }

        if (!Directory.Exists(path))
        {
            throw new ToolException($"The project '{given}' ({option}) does not exist. Give the path of a .csproj or of the folder that holds it.");
        }

        var found = Patterns.SelectMany(p => Directory.GetFiles(path, p)).Order(StringComparer.Ordinal).ToList();
        return found.Count switch
        {
            1 => found[0],
            0 => throw new ToolException(
                $"No project was found in {path}. Run the command in your project's folder, or give it with {option} path/to/App.csproj."),
            _ => throw new ToolException(
                $"{path} holds several projects ({string.Join(", ", found.Select(Path.GetFileName))}). Pick one with {option}."),
        };
    }
}
