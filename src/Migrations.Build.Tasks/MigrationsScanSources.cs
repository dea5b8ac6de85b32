using Microsoft.Build.Framework;
using Migrations.Build.Protocol;

namespace Migrations.Build.Tasks;

/// <summary>
/// Before the compiler: what a merge left in the sources (conflict markers, MIG015; two migrations
/// sharing an id or a name, MIG016), reported at its file and line instead of the compiler's errors
/// that don't say why. Reads text only (<see cref="MigrationSourceScan"/>), as the tool does when a
/// build fails. What each file holds is kept in <see cref="CacheFile"/> by its time and size, so an
/// edit reads the edited file again, not every Designer of the project.
/// </summary>
public sealed class MigrationsScanSources : Microsoft.Build.Utilities.Task
{
    [Required]
    public ITaskItem[] Sources { get; set; } = [];

    public string? CacheFile { get; set; }

    public override bool Execute()
    {
        var cache = ReadCache();
        var facts = new List<SourceFacts>();
        var kept = new Dictionary<string, CachedFacts>(StringComparer.Ordinal);
        foreach (var path in Sources.Select(s => s.GetMetadata("FullPath")).Where(p => p.EndsWith(".cs", StringComparison.OrdinalIgnoreCase)).Distinct())
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                continue;
            }

            var known = cache.GetValueOrDefault(path);
            var entry = known is not null && known.Ticks == info.LastWriteTimeUtc.Ticks && known.Length == info.Length
                ? known
                : new CachedFacts(info.LastWriteTimeUtc.Ticks, info.Length, MigrationSourceScan.Read(path));
            kept[path] = entry;
            facts.Add(entry.Facts);
        }

        WriteCache(kept);
        foreach (var finding in MigrationSourceScan.Judge(facts))
        {
            Log.LogError(null, finding.Code, null, finding.File, finding.Line, 0, 0, 0, finding.Message);
        }

        return !Log.HasLoggedErrors;
    }

    private Dictionary<string, CachedFacts> ReadCache()
    {
        try
        {
            return CacheFile is not null && File.Exists(CacheFile)
                ? SourceScanCache.Read(File.ReadAllText(CacheFile))
                : [];
        }
        catch (Exception e) when (KeptJson.Unreadable(e) || e is IOException or UnauthorizedAccessException)
        {
            return []; // a cache is only a shortcut
        }
    }

    private void WriteCache(Dictionary<string, CachedFacts> kept)
    {
        try
        {
            if (CacheFile is not null)
            {
                File.WriteAllText(CacheFile, SourceScanCache.Write(kept));
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.LogMessage(MessageImportance.Low, $"The sources' scan cache {CacheFile} could not be written ({e.Message}): the next scan reads every file.");
        }
    }
}
