using System.Text.RegularExpressions;

namespace Migrations.Build.Protocol;

/// <summary>A problem found in a source file before it is compiled: its code, where, and what to do.</summary>
public sealed record SourceFinding(string Code, string File, int Line, string Message);

/// <summary>A migration as its source declares it: the [Migration] line, namespace, [DbContext] type, id and class.</summary>
public sealed record SourceMigration(int Line, string? Namespace, string? Context, string Id, string Class);

/// <summary>What one source file holds for the scan: its first conflict marker and count, whether it is a snapshot, its migration.</summary>
public sealed record SourceFacts
{
    public required string File { get; init; }

    public int? ConflictLine { get; init; }

    public int Conflicts { get; init; }

    public bool Snapshot { get; init; }

    public SourceMigration? Migration { get; init; }
}

/// <summary>
/// What a merge can leave in migration sources that stops the compiler with errors that don't say
/// why: conflict markers (MIG015), and two migrations of one context sharing an id, or one namespace
/// sharing a class name (MIG016). Read as text, so it works when the project doesn't build: the build
/// gate runs it before compiling, the tool when a build fails.
/// </summary>
public static partial class MigrationSourceScan
{
    /// <summary>Reads each C# file and judges them together.</summary>
    public static IReadOnlyList<SourceFinding> Scan(IEnumerable<string> files)
        => Judge(files.Where(f => f.EndsWith(".cs", StringComparison.OrdinalIgnoreCase) && File.Exists(f)).Select(Read).ToList());

    /// <summary>What one file holds that matters here: read once per change of the file (the build keeps these).</summary>
    public static SourceFacts Read(string file)
    {
        var lines = File.ReadAllLines(file);
        var migration = MigrationIn(lines);
        var conflicts = ConflictStarts(lines);
        return new SourceFacts
        {
            File = file,
            ConflictLine = conflicts.Count > 0 ? conflicts[0] : null,
            Conflicts = conflicts.Count,
            Snapshot = IsSnapshot(lines),
            Migration = migration is { } m ? new SourceMigration(m.Line, m.Namespace, m.Context, m.Id, m.Class) : null,
        };
    }

    /// <summary>The findings over every file's facts: markers per file, ids and names across files.</summary>
    public static IReadOnlyList<SourceFinding> Judge(IReadOnlyList<SourceFacts> files)
    {
        var findings = new List<SourceFinding>();
        foreach (var facts in files.Where(f => f.ConflictLine is not null))
        {
            findings.Add(new SourceFinding(DiagnosticCodes.ConflictMarkers, facts.File, facts.ConflictLine!.Value, Path.GetFileName(facts.File)
                + $" holds {facts.Conflicts} merge conflict(s) (<<<<<<< ... >>>>>>>). "
                + (facts.Snapshot
                    ? "The model snapshot needn't be merged by hand: dotnet migrate rebase takes either side, builds, and writes it "
                      + "again from the merged model (and moves the migration made on the other branch after yours)."
                    : "Resolve them as in any source file; for a Designer file keep the side of the branch that made the migration, "
                      + "then run dotnet migrate check.")));
        }

        var migrations = files.Where(f => f.Migration is not null)
            .Select(f => (f.File, f.Migration!.Line, f.Migration.Namespace, f.Migration.Context, f.Migration.Id, f.Migration.Class)).ToList();
        foreach (var group in migrations.GroupBy(m => (m.Context ?? m.Namespace, m.Id)).Where(g => g.Count() > 1))
        {
            var (first, second) = (group.First(), group.Skip(1).First());
            findings.Add(new SourceFinding(DiagnosticCodes.DuplicateMigration, second.File, second.Line,
                $"Two migrations have the id {group.Key.Id}: {Path.GetFileName(first.File)} and {Path.GetFileName(second.File)}. "
                + "Delete the copy, or give one a new id with dotnet migrate rebase."));
        }

        foreach (var group in migrations.GroupBy(m => (m.Namespace, m.Class)).Where(g => g.Select(m => m.Id).Distinct().Count() > 1))
        {
            var ids = group.Select(m => m.Id).Distinct().Order(StringComparer.Ordinal).ToList();
            var later = group.First(m => m.Id == ids[^1]);
            findings.Add(new SourceFinding(DiagnosticCodes.DuplicateMigration, later.File, later.Line,
                $"Two migrations are named {group.Key.Class} ({string.Join(" and ", ids)}), as when two branches each add one of that name: "
                + "their classes collide. Rename the later one (its class, its files and the name part of its [Migration] id, "
                + $"e.g. {group.Key.Class}2), or generate it again on the merged branch."));
        }

        return findings;
    }

    /// <summary>
    /// The text with each merge conflict resolved to its first side (ours: between <c>&lt;&lt;&lt;&lt;&lt;&lt;&lt;</c> and
    /// <c>|||||||</c> or <c>=======</c>); for a model snapshot that is written again whole afterwards.
    /// Null when the markers don't pair up (a conflict never closed, one inside another, a stray
    /// <c>&gt;&gt;&gt;&gt;&gt;&gt;&gt;</c>): no side can be told from the other.
    /// </summary>
    public static string? TakeFirstSide(string text)
    {
        var kept = new List<string>();
        var state = 0; // 0 outside, 1 first side, 2 base or second side
        foreach (var line in text.Split('\n'))
        {
            var bare = line.TrimEnd('\r');
            if (Is(bare, "<<<<<<<"))
            {
                if (state != 0)
                {
                    return null;
                }

                state = 1;
            }
            else if (state == 1 && (bare == "=======" || Is(bare, "|||||||")))
            {
                state = 2;
            }
            else if (Is(bare, ">>>>>>>") || (state == 0 && Is(bare, "|||||||")))
            {
                if (state == 0)
                {
                    return null;
                }

                state = 0;
            }
            else if (state != 2)
            {
                kept.Add(line);
            }
        }

        return state == 0 ? string.Join('\n', kept) : null;
    }

    private static bool Is(string line, string marker) => line.StartsWith(marker, StringComparison.Ordinal) && (line.Length == 7 || line[7] == ' ');

    /// <summary>Whether the text is a model snapshot's.</summary>
    public static bool IsSnapshot(IEnumerable<string> lines) => lines.Any(l => l.Contains(": ModelSnapshot", StringComparison.Ordinal));

    /// <summary>The C# files under a project's folder, its bin/ and obj/ left out.</summary>
    public static IEnumerable<string> SourcesUnder(string projectDir)
        => Directory.EnumerateFiles(projectDir, "*.cs", SearchOption.AllDirectories)
            .Where(f => Path.GetRelativePath(projectDir, f).Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar)[0] is not ("bin" or "obj"));

    /// <summary>
    /// The 1-based lines where whole conflicts start: <c>&lt;&lt;&lt;&lt;&lt;&lt;&lt;</c>, then <c>=======</c> (after an
    /// optional <c>|||||||</c> base), then <c>&gt;&gt;&gt;&gt;&gt;&gt;&gt;</c>. A lone line of = or &gt; (in a string, a
    /// banner) is text, not a conflict.
    /// </summary>
    internal static List<int> ConflictStarts(IReadOnlyList<string> lines)
    {
        var starts = new List<int>();
        int? start = null;
        var separated = false;
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (Is(line, "<<<<<<<"))
            {
                (start, separated) = (i + 1, false);
            }
            else if (start is not null && line == "=======")
            {
                separated = true;
            }
            else if (start is not null && separated && Is(line, ">>>>>>>"))
            {
                starts.Add(start.Value);
                start = null;
            }
        }

        return starts;
    }

    /// <summary>The 1-based line of the first whole conflict, or null.</summary>
    internal static int? Conflict(IReadOnlyList<string> lines) => ConflictStarts(lines) is [var first, ..] ? first : null;

    /// <summary>A Designer's migration: its [Migration] id, its class, namespace and [DbContext] type.</summary>
    private static (int Line, string? Namespace, string? Context, string Id, string Class)? MigrationIn(string[] lines)
    {
        string? ns = null, context = null, id = null;
        var at = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (Namespace().Match(line) is { Success: true } n)
            {
                ns = n.Groups[1].Value;
            }
            else if (ContextAttribute().Match(line) is { Success: true } c)
            {
                context = c.Groups[1].Value;
            }
            else if (MigrationAttribute().Match(line) is { Success: true } m)
            {
                (id, at) = (m.Groups[1].Value, i + 1);
            }
            else if (id is not null && ClassDeclaration().Match(line) is { Success: true } k)
            {
                return (at, ns, context, id, k.Groups[1].Value);
            }
        }

        return null;
    }

    [GeneratedRegex(@"^\s*namespace\s+([\w.]+)")]
    private static partial Regex Namespace();

    [GeneratedRegex(@"\[DbContext\(typeof\(([\w.]+)\)\)\]")]
    private static partial Regex ContextAttribute();

    [GeneratedRegex(@"\[Migration\(""([^""]+)""\)\]")]
    private static partial Regex MigrationAttribute();

    [GeneratedRegex(@"\bpartial\s+class\s+(\w+)")]
    private static partial Regex ClassDeclaration();
}
