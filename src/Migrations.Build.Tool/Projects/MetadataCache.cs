using System.Text.Json;
using System.Text.Json.Serialization;

namespace Migrations.Build.Tool.Projects;

/// <summary>
/// The properties a project's evaluation gave, kept in its obj/ beside the inputs they came from, so
/// the next command skips MSBuild (about half a second) while none of those inputs changed.
/// One file per configuration and framework; a file that can't be read is a miss, never an error.
/// </summary>
internal sealed class MetadataCache(string file, string names)
{
    internal sealed record Entry(string Names, ProjectInputs Inputs, Dictionary<string, string> Properties);

    public string File { get; } = file;

    /// <summary>The cache of that evaluation, or null when the project has no obj/ folder to keep it in.</summary>
    public static MetadataCache? For(string projectPath, IReadOnlyList<string> globalProperties, IEnumerable<string> names)
    {
        var obj = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(projectPath))!, "obj");
        if (!Directory.Exists(obj))
        {
            return null;
        }

        var suffix = string.Concat(string.Join('-', globalProperties.Select(p => p[(p.IndexOf('=') + 1)..]))
            .Select(c => char.IsLetterOrDigit(c) || c is '.' or '-' ? c : '_'));
        return new MetadataCache(Path.Combine(obj, $"{Path.GetFileName(projectPath)}.migrate-{suffix}.json"), string.Join(';', names));
    }

    public IReadOnlyDictionary<string, string>? Read(ProjectInputs now)
    {
        try
        {
            var entry = JsonSerializer.Deserialize(System.IO.File.ReadAllText(File), MetadataCacheJson.Default.Entry);
            return entry is not null && entry.Names == names && entry.Inputs.Unchanged(now) ? entry.Properties : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or NotSupportedException)
        {
            return null;
        }
    }

    public void Write(ProjectInputs inputs, IReadOnlyDictionary<string, string> properties)
    {
        // Written aside, then moved: a command running at the same time reads the old file or the new one.
        var temp = $"{File}.{Environment.ProcessId}.tmp";
        try
        {
            System.IO.File.WriteAllText(temp, JsonSerializer.Serialize(new Entry(names, inputs, new(properties)), MetadataCacheJson.Default.Entry));
            System.IO.File.Move(temp, File, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Not kept this time; the next command evaluates again.
        }
        finally
        {
            if (System.IO.File.Exists(temp))
            {
                try { System.IO.File.Delete(temp); } catch (IOException) { }
            }
        }
    }
}

/// <summary>The cache file's serializer, generated at build time: no reflection to warm up on every command.</summary>
[JsonSerializable(typeof(MetadataCache.Entry))]
internal sealed partial class MetadataCacheJson : JsonSerializerContext;
