using System.Xml.Linq;

namespace Migrations.Build.Protocol;

/// <summary>
/// A project's folder and the folders of the projects it references, transitively, read from the project
/// files before anything is built: where rebase and squash look for a model snapshot that can't compile
/// (the migrations may live in a library the app references). References whose path holds an MSBuild
/// property can't be read without evaluating the project and are left out.
/// </summary>
public static class ProjectTree
{
    public static IReadOnlyList<string> Directories(string projectDir)
    {
        var seen = new List<string>();
        var queue = new Queue<string>([Path.GetFullPath(projectDir)]);
        while (queue.TryDequeue(out var dir))
        {
            if (seen.Contains(dir, StringComparer.Ordinal) || !Directory.Exists(dir))
            {
                continue;
            }

            seen.Add(dir);
            foreach (var reference in Directory.EnumerateFiles(dir, "*.*proj").SelectMany(References))
            {
                queue.Enqueue(Path.GetDirectoryName(Path.GetFullPath(Path.Combine(dir, reference)))!);
            }
        }

        return seen;
    }

    private static IEnumerable<string> References(string projectFile)
    {
        XDocument project;
        try
        {
            project = XDocument.Load(projectFile);
        }
        catch (System.Xml.XmlException)
        {
            return []; // Not one MSBuild could build either: its own error says so.
        }

        return project.Descendants().Where(e => e.Name.LocalName == "ProjectReference")
            .Select(e => (string?)e.Attribute("Include"))
            .Where(i => i is { Length: > 0 } && !i.Contains("$(", StringComparison.Ordinal))
            .SelectMany(i => i!.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Select(i => i.Replace('\\', Path.DirectorySeparatorChar));
    }

    /// <summary>The C# sources of the project and of those it references (outside bin/ and obj/), each once.</summary>
    public static IEnumerable<string> Sources(string projectDir)
        => Directories(projectDir).SelectMany(MigrationSourceScan.SourcesUnder).Distinct(StringComparer.Ordinal);
}
