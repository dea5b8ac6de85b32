using System.Text.RegularExpressions;

namespace Migrations.Build.Engine.Sources;

/// <summary>
/// Finds types and members in the project's C# files by their declarations, so diagnostics can
/// point at the entity, property or migration they are about. Text search, not compilation: it is
/// fast and good enough to place a cursor; when nothing matches, callers fall back to a file.
/// </summary>
internal sealed class SourceLocator(IReadOnlyList<string> projectDirs)
{
    private IReadOnlyList<string>? _files;

    public SourceLocator(string projectDir)
        : this([projectDir])
    {
    }

    /// <summary>The projects' C# files (the first project's first), build output left out: what every location is read from.</summary>
    public IReadOnlyList<string> Files => _files ??= projectDirs
        .Where(Directory.Exists)
        .SelectMany(dir => Directory.EnumerateFiles(dir, "*.cs", SearchOption.AllDirectories)
            .Where(f => !IsBuildOutput(Path.GetRelativePath(dir, f)))
            .Order(StringComparer.Ordinal))
        .Distinct(StringComparer.Ordinal)
        .ToList();

    /// <summary>The line declaring a class, record, struct or interface of that name.</summary>
    public SourceLocation? FindType(string name)
    {
        var declaration = new Regex($@"\b(class|record|struct|interface)\s+{Regex.Escape(name)}\b");

        // A type usually lives in the file of its name: look there first. The full scan reads only the
        // files that mention the name at all (a large project's migrations are tens of megabytes).
        var named = Files.Where(f => Path.GetFileNameWithoutExtension(f).Equals(name, StringComparison.OrdinalIgnoreCase));
        foreach (var file in named.Concat(Files))
        {
            if (File.ReadAllText(file).Contains(name, StringComparison.Ordinal) && FindLine(file, declaration, fromLine: 0) is { } location)
            {
                return location;
            }
        }

        return null;
    }

    /// <summary>The line declaring a property of a type, else the type's own line.</summary>
    public SourceLocation? FindMember(string typeName, string member)
    {
        var type = FindType(typeName);
        if (type is null)
        {
            return null;
        }

        var declaration = new Regex($@"\b{Regex.Escape(member)}\s*(\{{|=>|;|=)");
        return FindLine(type.File, declaration, type.Line) ?? type;
    }

    /// <summary>The migration's main file (<c>&lt;id&gt;.cs</c>) at its class declaration.</summary>
    public SourceLocation? FindMigration(string id, string name)
    {
        var file = Files.FirstOrDefault(f => Path.GetFileName(f).Equals(id + ".cs", StringComparison.OrdinalIgnoreCase));
        return file is null ? FindType(name) : FindLine(file, new Regex($@"\bclass\s+{Regex.Escape(name)}\b"), 0) ?? new SourceLocation(file, 1);
    }

    /// <summary>The first line after <paramref name="fromLine"/> (1-based) containing all the texts, in order of lines.</summary>
    public static SourceLocation? FindText(string file, int fromLine, params string[] texts)
    {
        var lines = File.ReadAllLines(file);
        var start = Math.Max(0, fromLine);
        foreach (var text in texts)
        {
            var index = Array.FindIndex(lines, start, l => l.Contains(text, StringComparison.Ordinal));
            if (index < 0)
            {
                return null;
            }

            start = index;
        }

        return new SourceLocation(file, start + 1, lines[start].Length - lines[start].TrimStart().Length + 1);
    }

    private static SourceLocation? FindLine(string file, Regex pattern, int fromLine)
    {
        var lines = File.ReadAllLines(file);
        for (var i = Math.Max(0, fromLine - 1); i < lines.Length; i++)
        {
            var match = pattern.Match(lines[i]);
            if (match.Success && !lines[i].TrimStart().StartsWith("//", StringComparison.Ordinal))
            {
                return new SourceLocation(file, i + 1, lines[i].Length - lines[i].TrimStart().Length + 1);
            }
        }

        return null;
    }

    private static bool IsBuildOutput(string relative)
    {
        var first = relative.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar)[0];
        return first is "bin" or "obj";
    }
}
