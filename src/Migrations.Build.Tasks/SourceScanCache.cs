using System.Text.Json;
using Migrations.Build.Protocol;
using static Migrations.Build.Tasks.KeptJson;

namespace Migrations.Build.Tasks;

/// <summary>One source file's facts, with the time and size they were read at.</summary>
internal sealed record CachedFacts(long Ticks, long Length, SourceFacts Facts);

/// <summary>
/// <see cref="MigrationsScanSources"/>' cache as JSON, without the serializer (<see cref="KeptJson"/>), whose first use
/// in a build process costs more than the scan. The shape is the serializer's with <see cref="ProtocolJson.Compact"/>.
/// </summary>
internal static class SourceScanCache
{
    /// <summary>The cache in <paramref name="json"/>; an exception <see cref="KeptJson.Unreadable"/> knows when it is not one.</summary>
    public static Dictionary<string, CachedFacts> Read(string json)
    {
        using var document = JsonDocument.Parse(json);
        var cache = new Dictionary<string, CachedFacts>(StringComparer.Ordinal);
        foreach (var entry in document.RootElement.EnumerateObject())
        {
            var facts = entry.Value.GetProperty("facts");
            var migration = facts.TryGetProperty("migration", out var m) && m.ValueKind != JsonValueKind.Null
                ? new SourceMigration(m.GetProperty("line").GetInt32(), Text(m, "namespace"), Text(m, "context"),
                    m.GetProperty("id").GetString()!, m.GetProperty("class").GetString()!)
                : null;
            cache[entry.Name] = new CachedFacts(entry.Value.GetProperty("ticks").GetInt64(), entry.Value.GetProperty("length").GetInt64(), new SourceFacts
            {
                File = facts.GetProperty("file").GetString()!,
                ConflictLine = Int(facts, "conflictLine"),
                Conflicts = facts.GetProperty("conflicts").GetInt32(),
                Snapshot = facts.GetProperty("snapshot").GetBoolean(),
                Migration = migration,
            });
        }

        return cache;
    }

    public static string Write(IReadOnlyDictionary<string, CachedFacts> cache) => KeptJson.Write(json =>
    {
        json.WriteStartObject();
        foreach (var (path, (ticks, length, facts)) in cache)
        {
            json.WriteStartObject(path);
            json.WriteNumber("ticks", ticks);
            json.WriteNumber("length", length);
            json.WriteStartObject("facts");
            json.WriteString("file", facts.File);
            WriteNumber(json, "conflictLine", facts.ConflictLine);
            json.WriteNumber("conflicts", facts.Conflicts);
            json.WriteBoolean("snapshot", facts.Snapshot);
            if (facts.Migration is { } migration)
            {
                json.WriteStartObject("migration");
                json.WriteNumber("line", migration.Line);
                WriteText(json, "namespace", migration.Namespace);
                WriteText(json, "context", migration.Context);
                json.WriteString("id", migration.Id);
                json.WriteString("class", migration.Class);
                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndObject();
    });
}
