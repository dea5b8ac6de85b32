using Migrations.Build.Protocol;
using Migrations.Build.Tool.Rendering;

namespace Migrations.Build.Tool.Running;

/// <summary>
/// How an engine process starts: a program and the arguments before the request's. The tool runs
/// <c>dotnet exec</c> with the app's dependency context; a bundle runs itself in its engine role.
/// </summary>
internal sealed record EngineProcess(string Program, IReadOnlyList<string> Arguments)
{
    public static EngineProcess InApp(string engineDll, AppContextFiles app) => new(ProcessRunner.DotnetHost(), EngineLaunch.Prefix(engineDll, app));
}

/// <summary>Launches the engine inside the user's app and shows its events as they arrive.</summary>
internal static class EngineRunner
{
    /// <summary>
    /// Where the tool keeps one engine per EF Core major (engine/ef8, ef9, ef10): beside it when installed
    /// as a tool, beside its folder in the Migrations.Build package (tool/ and engine/).
    /// </summary>
    public static string EngineRoot => Path.Combine(AppContext.BaseDirectory, "engine") is var beside && Directory.Exists(beside)
        ? beside
        : Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "engine"));

    /// <summary>The engine for the app's EF Core major, found once for all the runs of a command.</summary>
    /// <exception cref="LaunchException">No engine can run for the app (its EF Core, its Design package).</exception>
    public static string Locate(AppContextFiles app, EngineRequest request, Output output)
    {
        var engine = EngineLocator.Locate(EngineRoot, app.DepsFile, Path.GetFileNameWithoutExtension(request.StartupAssembly), request.AssemblyPaths);
        output.Verbose($"Engine: {engine}");
        return engine;
    }

    /// <param name="answer">
    /// For a request that may ask (<see cref="EngineRequest.Ask"/>): shows a plan event and returns the
    /// person's answer to its question, which goes to the engine's stdin.
    /// </param>
    public static EngineOutcome Run(
        EngineProcess engine, EngineRequest request, string workingDirectory, string? connection, Output output, Func<EngineEvent, string?>? answer = null)
    {
        System.Diagnostics.Process? running = null;
        var run = new RunCollector(output, answer, reply =>
        {
            if (running is { } engineProcess)
            {
                engineProcess.StandardInput.WriteLine(reply);
                engineProcess.StandardInput.Flush();
            }
        });

        var environment = new Dictionary<string, string?> { [EngineRequest.ConnectionVariable] = connection };
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var exitCode = ProcessRunner.Run(
            engine.Program, [.. engine.Arguments, .. request.ToArguments()], workingDirectory, run.OnLine, run.OnAppOutput, environment,
            p =>
            {
                if (p is not null)
                {
                    Interrupts.Started(p);
                }
                else if (running is not null)
                {
                    Interrupts.Ended(running);
                }

                running = p;
            },
            input: request.Ask);
        output.Verbose($"timing: engine process ({request.Command}) {watch.ElapsedMilliseconds} ms");
        return run.Outcome(exitCode);
    }
}
