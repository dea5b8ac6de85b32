using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Migrations.Build.Engine.Sources;
using Migrations.Build.Protocol;
using Migrations.Build.Protocol.Results;

namespace Migrations.Build.Engine.Checks;

/// <summary>
/// What a check computed from the code alone, kept in <c>obj/</c> for the next check on the same code:
/// the drift between the app's model and the model snapshot (the model alone is seconds on a large
/// project), each migration's integrity hash and its safety findings. Keyed by everything they can
/// depend on: the app's assemblies and the data and configuration files it may read
/// (<see cref="CheckInputs"/>; a data file by its content, an assembly by its size and time), the project's C# files (where findings are
/// placed), the environment, the request and the engine itself. The
/// database and the integrity file are read fresh by every check. MIGRATIONS_NO_CACHE=1 turns it off (<see cref="ObjCacheFile"/>).
/// </summary>
internal sealed class CheckCache
{
    private readonly string? _file;
    private readonly string _key;

    private CheckCache(string? file, string key, Entry? entry)
    {
        _file = file;
        _key = key;
        Hit = entry is not null;
        Drift = entry?.Drift;
        Hashes = entry?.Hashes ?? [];
        Rules = entry?.Rules ?? [];
        Schemas = entry?.Schemas ?? [];
    }

    /// <summary>The cache held results for exactly this code.</summary>
    public bool Hit { get; }

    /// <summary>The drift: the changes as told, and their findings; null until computed.</summary>
    public DriftEntry? Drift { get; set; }

    /// <summary>Integrity hashes by migration id; the check's <see cref="ProjectState"/> adds those it computes.</summary>
    public Dictionary<string, string> Hashes { get; }

    /// <summary>Safety findings (on Up) by migration id.</summary>
    public Dictionary<string, List<Finding>> Rules { get; }

    /// <summary>The schema of each table the findings name, when not the default one (a finding carries only the table's name).</summary>
    public Dictionary<string, string> Schemas { get; }

    public sealed record DriftEntry(List<string> Changes, List<Finding> Findings);

    internal sealed record Entry(string Key, DriftEntry? Drift, Dictionary<string, string> Hashes, Dictionary<string, List<Finding>> Rules,
        Dictionary<string, string>? Schemas = null);

    /// <summary>The cache for this request's code; empty (and never written) without an obj/ folder or when turned off.</summary>
    public static CheckCache Open(EngineRequest request, System.Reflection.Assembly startup, SourceLocator sources)
    {
        var file = ObjCacheFile.PathFor(request, "migrate-check");
        if (file is null)
        {
            return new CheckCache(null, string.Empty, null);
        }

        var key = KeyOf(request, startup, sources);
        var entry = ObjCacheFile.Read(file, CheckCacheJson.Default.Entry);
        return new CheckCache(file, key, entry?.Key == key ? entry : null);
    }

    public void Save() => ObjCacheFile.Write(_file, new Entry(_key, Drift, Hashes, Rules, Schemas), CheckCacheJson.Default.Entry);

    private static string KeyOf(EngineRequest request, System.Reflection.Assembly startup, SourceLocator sources)
    {
        var text = new StringBuilder();
        text.Append(typeof(CheckCache).Assembly.ManifestModule.ModuleVersionId).Append('\n');
        foreach (var part in new[] { request.Assembly, request.StartupAssembly, request.ProjectDir, request.Context, request.Environment }
                     .Concat(request.AssemblyPaths).Concat(["--"]).Concat(request.AppArgs))
        {
            text.Append(part).Append('\n');
        }

        foreach (var file in CheckInputs.Of(request, startup).Concat(sources.Files))
        {
            text.Append(file).Append('|').Append(ModelInputFiles.Stamp(file)).Append('\n');
        }

        text.Append(EnvironmentFingerprint.Compute());
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}

/// <summary>The cache file's serializer, generated at build time: no reflection to warm up on every check.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CheckCache.Entry))]
internal sealed partial class CheckCacheJson : JsonSerializerContext;
