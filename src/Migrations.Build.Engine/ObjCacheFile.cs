using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Migrations.Build.Protocol;

namespace Migrations.Build.Engine;

/// <summary>
/// A cache the engine keeps in the project's <c>obj/</c>: results of work that depends on the code
/// alone, for the next command on the same code. A cache is only ever a shortcut: one that can't be
/// read is empty, one that can't be written costs the next command its time, nothing else.
/// MIGRATIONS_NO_CACHE=1 turns every one off.
/// </summary>
internal static class ObjCacheFile
{
    public const string DisableVariable = "MIGRATIONS_NO_CACHE";

    /// <summary>The file for <paramref name="kind"/>, one per assembly and context; null without an obj/ folder or when turned off.</summary>
    public static string? PathFor(EngineRequest request, string kind)
    {
        var obj = Path.Combine(request.ProjectDir, "obj");
        if (Environment.GetEnvironmentVariable(DisableVariable) is "1" or "true" || !Directory.Exists(obj))
        {
            return null;
        }

        // One per context: each context's results would evict the other's.
        var context = request.Context is { Length: > 0 } named ? "." + string.Join("_", named.Split(Path.GetInvalidFileNameChars())) : string.Empty;
        return Path.Combine(obj, $"{Path.GetFileNameWithoutExtension(request.Assembly)}{context}.{kind}.json");
    }

    public static T? Read<T>(string? file, JsonTypeInfo<T> type) where T : class
    {
        try
        {
            return file is not null && File.Exists(file) ? JsonSerializer.Deserialize(File.ReadAllText(file), type) : null;
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Written whole and renamed into place: a command running beside this one reads the old or the new.</summary>
    public static void Write<T>(string? file, T value, JsonTypeInfo<T> type)
    {
        if (file is null)
        {
            return;
        }

        var temp = $"{file}.{Environment.ProcessId}.tmp";
        try
        {
            File.WriteAllText(temp, JsonSerializer.Serialize(value, type));
            File.Move(temp, file, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            File.Delete(temp);
        }
    }
}
