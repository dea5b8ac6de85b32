using System.Text.Json;
using Migrations.Build.Protocol;
using Migrations.Build.Tool.Rendering;

namespace Migrations.Build.Tool.Running;

/// <summary>What came back from one engine run.</summary>
internal sealed record EngineOutcome(int ExitCode, JsonElement? Result, string? Failure, IReadOnlyList<EngineEvent> Diagnostics);

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
        JsonElement? result = null;
        string? failure = null;
        int? failureCode = null;
        var diagnostics = new List<EngineEvent>();
        var appOutput = new StartupOutput();

        void OnEvent(string line)
        {
            if (!EventReader.TryParse(line, out var e))
            {
                OnAppOutput(line);
                return;
            }

            switch (e.Type)
            {
                case EngineEvent.Result:
                    result = e.Data;
                    break;
                case EngineEvent.Failure:
                    // A setup failure names its code (docs/rules/MIG9xx.md), as the build does.
                    failure = e.Code is { } code && code != SetupCodes.EngineFailed ? SetupCodes.Message(code, e.Message ?? string.Empty) : e.Message;
                    failureCode = e.ExitCode;
                    break;
                case EngineEvent.Diagnostic:
                    diagnostics.Add(e);
                    output.Diagnostic(e);
                    break;
                case EngineEvent.Progress:
                    output.Progress(e);
                    break;
                case EngineEvent.Plan:
                    var reply = answer?.Invoke(e);
                    if (e.Message is not null && running is { } engineProcess)
                    {
                        engineProcess.StandardInput.WriteLine(reply ?? string.Empty);
                        engineProcess.StandardInput.Flush();
                    }

                    break;
                default:
                    Log(output, e);
                    break;
            }
        }

        void OnAppOutput(string line)
        {
            appOutput.Add(line);
            output.Verbose(line);
        }

        var environment = new Dictionary<string, string?> { [EngineRequest.ConnectionVariable] = connection };
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var exitCode = ProcessRunner.Run(
            engine.Program, [.. engine.Arguments, .. request.ToArguments()], workingDirectory, OnEvent, OnAppOutput, environment,
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

        if (exitCode != ExitCodes.Success && failure is null && result is null && Interrupts.Requested)
        {
            // A second Ctrl+C, or a command without stop points, stopped it at once.
            failure = $"Interrupted: stopped at once. A change in progress was rolled back with its transaction, so the database is at the last "
                + $"migration that completed ({Cli.MigrateCli.Name} current says which); a backup being written was left as .partial, which is never taken for a backup.";
            failureCode = ExitCodes.Interrupted;
        }
        else if (exitCode != ExitCodes.Success && failure is null && result is null)
        {
            // The engine died before it could say why (e.g. the runtime could not start the app's context).
            failure = SetupCodes.Message(SetupCodes.EngineNotStarted, appOutput.Failure(exitCode, "\n  "));
            failureCode = ExitCodes.Usage;
        }

        return new EngineOutcome(failureCode ?? exitCode, result, failure, diagnostics);
    }

    private static void Log(Output output, EngineEvent e)
    {
        var message = e.Message ?? string.Empty;
        switch (e.Level)
        {
            case LogLevels.Error:
                output.Error(message);
                break;
            case LogLevels.Warning:
                output.Warn(message);
                break;
            case LogLevels.Info:
                output.Info(message);
                break;
            default:
                output.Verbose(message);
                break;
        }
    }
}
