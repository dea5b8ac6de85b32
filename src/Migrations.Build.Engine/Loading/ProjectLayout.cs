using System.Reflection;
using Migrations.Build.Protocol;

namespace Migrations.Build.Engine.Loading;

/// <summary>
/// The projects an app is made of, as the build describes them: the one the engine was pointed at
/// and those it references (a DbContext and its migrations in a class library, entities in a third
/// project). Where sources are looked for, and which project builds the migrations assembly.
/// </summary>
internal sealed class ProjectLayout(EngineRequest request)
{
    /// <summary>Each referenced project's assembly path and folder (the build gives its project file).</summary>
    public IReadOnlyList<(string Assembly, string Directory)> References { get; } = request.ProjectReferences
        .Select(r => r.Split('|', 2))
        .Where(r => r.Length == 2 && r[0].Length > 0 && r[1].Length > 0)
        .Select(r => (Path.GetFullPath(r[0]), Directory.Exists(r[1]) ? Path.GetFullPath(r[1]) : Path.GetDirectoryName(Path.GetFullPath(r[1]))!))
        .ToList();

    /// <summary>Where entities, configurations and migrations are looked for: the project, then those it references.</summary>
    public IReadOnlyList<string> SourceRoots
        => [.. new[] { Path.GetFullPath(request.ProjectDir) }.Concat(References.Select(r => r.Directory)).Distinct(StringComparer.Ordinal)];

    /// <summary>The assemblies of the referenced projects that the app can load.</summary>
    public IEnumerable<Assembly> ReferencedAssemblies()
    {
        foreach (var (path, _) in References.Where(r => File.Exists(r.Assembly)))
        {
            Assembly? loaded = null;
            try
            {
                loaded = AssemblyResolver.Load(path);
            }
            catch (Exception e) when (e is FileLoadException or BadImageFormatException or FileNotFoundException)
            {
                // Not one the app runs with (e.g. an analyzer or a tool project): nothing to find there.
            }

            if (loaded is not null)
            {
                yield return loaded;
            }
        }
    }

    /// <summary>The folder of the project that builds <paramref name="assembly"/>: the request's own, or a referenced one; null when neither.</summary>
    public string? DirectoryOf(AssemblyName assembly)
    {
        if (string.Equals(AssemblyName.GetAssemblyName(request.Assembly).Name, assembly.Name, StringComparison.OrdinalIgnoreCase))
        {
            return request.ProjectDir;
        }

        return References.FirstOrDefault(r => string.Equals(Path.GetFileNameWithoutExtension(r.Assembly), assembly.Name, StringComparison.OrdinalIgnoreCase))
            .Directory;
    }
}
