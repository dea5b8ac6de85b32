using System.Text.Json;

namespace Migrations.Build.Protocol;

/// <summary>The packages an app's deps.json lists, by name (its "libraries" section).</summary>
public sealed class AppPackages
{
    private readonly Dictionary<string, Version> _versions;

    private AppPackages(Dictionary<string, Version> versions) => _versions = versions;

    /// <summary>The version the app resolved of package <paramref name="name"/>, or null if it has none.</summary>
    public Version? Version(string name) => _versions.GetValueOrDefault(name);

    /// <exception cref="LaunchException">The file is missing or can't be read (MIG901).</exception>
    public static AppPackages Read(string depsFile)
    {
        if (!File.Exists(depsFile))
        {
            throw new LaunchException(
                SetupCodes.EngineNotStarted,
                $"The app's dependency file {depsFile} doesn't exist.\nBuild the project first (dotnet build), or drop --no-build.");
        }

        var versions = new Dictionary<string, Version>(StringComparer.OrdinalIgnoreCase);
        try
        {
            using var stream = File.OpenRead(depsFile);
            using var document = JsonDocument.Parse(stream);
            if (document.RootElement.TryGetProperty("libraries", out var libraries))
            {
                foreach (var library in libraries.EnumerateObject())
                {
                    var slash = library.Name.IndexOf('/');
                    if (slash > 0 && System.Version.TryParse(library.Name[(slash + 1)..].Split('-', '+')[0], out var version))
                    {
                        versions[library.Name[..slash]] = version;
                    }
                }
            }
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            throw new LaunchException(SetupCodes.EngineNotStarted, $"The app's dependency file {depsFile} can't be read: {e.Message}\nRebuild the project.");
        }

        return new AppPackages(versions);
    }
}
