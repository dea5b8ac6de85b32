namespace Migrations.Build.Protocol;

/// <summary>Where the user's app keeps the files that describe its dependency context.</summary>
public sealed record AppContextFiles
{
    public required string DepsFile { get; init; }

    public required string RuntimeConfig { get; init; }

    /// <summary>NuGet package folders, so packages the deps.json names resolve from the cache.</summary>
    public IReadOnlyList<string> ProbingPaths { get; init; } = [];
}

/// <summary>
/// The engine's launch line: <c>dotnet exec --depsfile app.deps.json --runtimeconfig
/// app.runtimeconfig.json --additionalprobingpath ... engine.dll request...</c>, so the engine
/// runs with the app's own EF Core, provider and configuration (as dotnet-ef runs ef.dll).
/// </summary>
public static class EngineLaunch
{
    public const string EngineFileName = "Migrations.Build.Engine.dll";

    public static IReadOnlyList<string> Arguments(string engineDll, AppContextFiles app, EngineRequest request)
        => [.. Prefix(engineDll, app), .. request.ToArguments()];

    /// <summary>The launch line before the request's arguments.</summary>
    public static IReadOnlyList<string> Prefix(string engineDll, AppContextFiles app)
    {
        var args = new List<string> { "exec", "--depsfile", app.DepsFile, "--runtimeconfig", app.RuntimeConfig };
        foreach (var path in app.ProbingPaths)
        {
            args.Add("--additionalprobingpath");
            args.Add(path.TrimEnd('/', '\\'));
        }

        args.Add(engineDll);
        return args;
    }
}
