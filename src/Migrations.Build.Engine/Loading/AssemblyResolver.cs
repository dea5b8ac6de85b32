using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.Loader;

namespace Migrations.Build.Engine.Loading;

/// <summary>
/// The engine runs with the app's deps.json, which knows nothing of the engine's own assemblies
/// (nor, on some SDKs, of EF Core Design when it is referenced with PrivateAssets=all). This resolves
/// those by file: first beside the engine, then from the paths the caller passed.
/// </summary>
internal static class AssemblyResolver
{
    private static readonly ConcurrentDictionary<string, string> ByName = new(StringComparer.OrdinalIgnoreCase);

    public static void Install()
    {
        // AppContext.BaseDirectory is the app's folder here (its deps.json), not ours.
        var engineDir = Path.GetDirectoryName(typeof(AssemblyResolver).Assembly.Location)!;
        AssemblyLoadContext.Default.Resolving += (context, name) =>
        {
            var beside = Path.Combine(engineDir, name.Name + ".dll");
            if (File.Exists(beside))
            {
                return context.LoadFromAssemblyPath(beside);
            }

            return name.Name is not null && ByName.TryGetValue(name.Name, out var path)
                ? context.LoadFromAssemblyPath(path)
                : null;
        };
    }

    /// <summary>Adds assemblies to resolve by path when nothing else provides them.</summary>
    public static void AddPaths(IEnumerable<string> paths)
    {
        foreach (var path in paths.Where(File.Exists))
        {
            ByName.TryAdd(Path.GetFileNameWithoutExtension(path), Path.GetFullPath(path));
        }
    }

    /// <summary>Loads the user's assembly by path, reusing it when the deps.json already provides it.</summary>
    public static Assembly Load(string path)
    {
        var name = AssemblyName.GetAssemblyName(path);
        try
        {
            return AssemblyLoadContext.Default.LoadFromAssemblyName(name);
        }
        catch (FileNotFoundException)
        {
            return AssemblyLoadContext.Default.LoadFromAssemblyPath(Path.GetFullPath(path));
        }
    }
}
