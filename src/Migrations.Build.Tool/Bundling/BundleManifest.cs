using System.Reflection;
using System.Text.Json;
using Migrations.Build.Protocol;
using Migrations.Build.Protocol.Results;

namespace Migrations.Build.Tool.Bundling;

/// <summary>
/// What a migration bundle holds, written when it is made and embedded in its entry assembly: the
/// app's assemblies by file name (they sit beside the bundle's own once it runs), EF Core's version,
/// the contexts and their migrations. A bundle reads it to fill the engine's requests and its --help.
/// </summary>
internal sealed record BundleManifest
{
    public const string ResourceName = "Migrations.Build.Bundle.json";

    /// <summary>The startup project's name: the app the bundle migrates for.</summary>
    public required string App { get; init; }

    /// <summary>The file name of the assembly that holds the migrations.</summary>
    public required string Assembly { get; init; }

    /// <summary>The file name of the startup project's assembly.</summary>
    public required string StartupAssembly { get; init; }

    public string? RootNamespace { get; init; }

    public required string TargetFramework { get; init; }

    public required string EFCore { get; init; }

    public IReadOnlyList<BundledContext> Contexts { get; init; } = [];

    /// <summary>The Migrations.Build version that made it.</summary>
    public required string Version { get; init; }

    public DateTimeOffset Built { get; init; }

    /// <summary>Set when this process is a bundle: commands then run on the bundled app, not a project.</summary>
    public static BundleManifest? Current { get; set; }

    public string ToJson() => JsonSerializer.Serialize(this, ProtocolJson.Documents);

    public static BundleManifest? ReadFrom(Assembly entry)
    {
        using var stream = entry.GetManifestResourceStream(ResourceName);
        return stream is null ? null : JsonSerializer.Deserialize<BundleManifest>(stream, ProtocolJson.Documents);
    }
}
