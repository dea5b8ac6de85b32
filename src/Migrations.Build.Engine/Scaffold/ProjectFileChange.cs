namespace Migrations.Build.Engine.Scaffold;

/// <summary>
/// The files a command rewrites in the project (rebase, squash), changed all or nothing: every write,
/// then every delete. When one fails (a read-only file or folder, a full disk), each file already
/// touched is put back as it was, so the project never holds a migration's old and new files at once.
/// A path both written and deleted is only written (a new id that is an old one's).
/// </summary>
internal sealed class ProjectFileChange(string command)
{
    private readonly List<(string Path, byte[] Bytes)> _writes = [];
    private readonly List<string> _deletes = [];

    public ProjectFileChange Write(string path, byte[] bytes)
    {
        _writes.Add((path, bytes));
        return this;
    }

    public ProjectFileChange Delete(string path)
    {
        _deletes.Add(path);
        return this;
    }

    public void Apply()
    {
        var written = _writes.Select(w => w.Path).ToHashSet(StringComparer.Ordinal);
        var deletes = _deletes.Where(p => !written.Contains(p)).Distinct(StringComparer.Ordinal).ToList();
        var originals = written.Concat(deletes).ToDictionary(p => p, p => File.Exists(p) ? File.ReadAllBytes(p) : null, StringComparer.Ordinal);
        var touched = new List<string>();
        try
        {
            foreach (var (path, bytes) in _writes)
            {
                touched.Add(path);
                File.WriteAllBytes(path, bytes);
            }

            foreach (var path in deletes)
            {
                touched.Add(path);
                File.Delete(path);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var stuck = PutBack(touched, originals);
            throw new EngineException($"{command} could not change {touched[^1]} ({e.Message}): "
                + (stuck.Count == 0 ? "the files it changed before were put back. Nothing was changed."
                    : $"these could not be put back as they were: {string.Join(", ", stuck)}. Restore them from version control (git checkout -- <file>)."));
        }
    }

    /// <summary>Each touched file as it was, newest change first; the ones that could not be.</summary>
    private static List<string> PutBack(List<string> touched, Dictionary<string, byte[]?> originals)
    {
        var stuck = new List<string>();
        foreach (var path in Enumerable.Reverse(touched))
        {
            var original = originals[path];
            try
            {
                if (original is null && File.Exists(path))
                {
                    File.Delete(path);
                }
                else if (original is not null && (!File.Exists(path) || !File.ReadAllBytes(path).AsSpan().SequenceEqual(original)))
                {
                    File.WriteAllBytes(path, original);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                stuck.Add(path);
            }
        }

        return stuck;
    }
}
