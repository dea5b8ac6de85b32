using System.Text;
using System.Text.Json;

namespace Migrations.Build.Protocol;

/// <summary>
/// Model snapshots left with merge conflicts, for <c>rebase</c>: such a snapshot can't be built and
/// needn't be merged by hand, since rebase writes it again from the merged model. Its first side is
/// taken so the project builds; the original bytes are kept to be put back when nothing was rebased
/// (a dry run, nothing to move, a failure). The tool keeps them in memory; the MSBuild targets, which
/// take them in one task and put them back in another, in a file (<see cref="Save"/>).
/// </summary>
public sealed class ConflictedSnapshots
{
    private readonly Dictionary<string, Kept> _originals;

    private ConflictedSnapshots(Dictionary<string, Kept> originals) => _originals = originals;

    /// <summary>A snapshot's bytes as the merge left them, and as its first side was written for the build.</summary>
    public sealed record Kept(byte[] Original, byte[] Taken);

    /// <summary>The snapshots whose first side was taken.</summary>
    public IReadOnlyCollection<string> Files => _originals.Keys;

    /// <summary>
    /// Writes each conflicted snapshot of the project and of those it references as its first side, keeping what it
    /// was. Conflict markers that rebase can't resolve (in a migration, whose code rebase keeps as
    /// written; in a snapshot, markers that don't pair up) throw <see cref="InvalidDataException"/>,
    /// naming the file and line, with every file as it was.
    /// </summary>
    public static ConflictedSnapshots TakeFirstSides(string projectDir)
    {
        var facts = ProjectTree.Sources(projectDir).Select(MigrationSourceScan.Read).Where(f => f.ConflictLine is not null).ToList();
        if (facts.FirstOrDefault(f => !f.Snapshot) is { } migration)
        {
            throw new InvalidDataException($"{migration.File}({migration.ConflictLine}): merge conflict markers in a migration, whose code rebase keeps "
                + "as written. Resolve that file's merge first (keep the migration as its branch wrote it), then rebase. Nothing was changed.");
        }

        var firstSides = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var snapshot in facts)
        {
            firstSides[snapshot.File] = MigrationSourceScan.TakeFirstSide(File.ReadAllText(snapshot.File))
                ?? throw new InvalidDataException($"{snapshot.File}({snapshot.ConflictLine}): merge conflict markers that don't pair up "
                    + "(<<<<<<<, =======, >>>>>>>), so neither side can be taken. Take one side by hand (git checkout --ours or --theirs), "
                    + "then rebase. Nothing was changed.");
        }

        var originals = new Dictionary<string, Kept>(StringComparer.Ordinal);
        foreach (var (file, text) in firstSides)
        {
            var bytes = File.ReadAllBytes(file);
            var encoding = new UTF8Encoding(bytes is [0xEF, 0xBB, 0xBF, ..]);
            originals[file] = new Kept(bytes, [.. encoding.GetPreamble(), .. encoding.GetBytes(text)]);
            File.WriteAllBytes(file, originals[file].Taken);
        }

        return new ConflictedSnapshots(originals);
    }

    /// <summary>
    /// The conflicted snapshots as they were, byte for byte, unless rebase has written one since (it
    /// stopped after writing its files): the merged snapshot is kept then. Once: later calls do nothing.
    /// </summary>
    public void PutBack()
    {
        foreach (var (file, kept) in _originals)
        {
            if (File.Exists(file) && File.ReadAllBytes(file).AsSpan().SequenceEqual(kept.Taken))
            {
                File.WriteAllBytes(file, kept.Original);
            }
        }

        _originals.Clear();
    }

    /// <summary>Keeps the originals in a file (none taken: no file) until <see cref="Load"/>.</summary>
    public void Save(string path)
    {
        if (_originals.Count > 0)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, JsonSerializer.Serialize(_originals));
        }
    }

    /// <summary>The originals a <see cref="Save"/> kept, and the file deleted; none when there is no file.</summary>
    public static ConflictedSnapshots Load(string path)
    {
        if (!File.Exists(path))
        {
            return new ConflictedSnapshots([]);
        }

        var originals = JsonSerializer.Deserialize<Dictionary<string, Kept>>(File.ReadAllText(path)) ?? [];
        File.Delete(path);
        return new ConflictedSnapshots(new Dictionary<string, Kept>(originals, StringComparer.Ordinal));
    }
}
