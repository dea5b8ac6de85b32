using System.Diagnostics;
using Migrations.Build.Protocol;
using Migrations.Build.Tool.Rendering;

namespace Migrations.Build.Tool.Running;

/// <summary>
/// A fleet's worker: one engine process (<see cref="EngineRequest.Fleet"/>) that moves databases in
/// turn, so the runtime, the app and EF Core's services start once per worker, not once per database.
/// A database's connection string goes down the engine's stdin (never on a command line); its events
/// come back up to its end event. An engine that dies fails the database it was on; the next database
/// starts a new one.
/// </summary>
internal sealed class FleetEngine(EngineProcess engine, EngineRequest request, string workingDirectory) : IDisposable
{
    private Process? _process;
    private RunCollector? _run;
    private TaskCompletionSource<int>? _ended;

    public EngineOutcome Run(FleetDatabase database, Output output)
    {
        var run = new RunCollector(output);
        var ended = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _run, run);
        Volatile.Write(ref _ended, ended);
        if (_process is { HasExited: true })
        {
            // Gone between two databases (its exit ended the last one, or nothing): a new one for this.
            Stop();
        }

        var process = _process ??= Start();
        try
        {
            process.StandardInput.WriteLine(database.Connection);
            process.StandardInput.Flush();
        }
        catch (IOException)
        {
            // It died between two databases: its exit ends this one.
        }

        var exitCode = ended.Task.GetAwaiter().GetResult();
        if (process.HasExited)
        {
            Stop();
        }

        return run.Outcome(exitCode);
    }

    private Process Start()
        => ProcessRunner.Start(
            engine.Program, [.. engine.Arguments, .. (request with { Fleet = true }).ToArguments()], workingDirectory, OnLine,
            line => Volatile.Read(ref _run)?.OnAppOutput(line),
            new Dictionary<string, string?> { [EngineRequest.ConnectionVariable] = null },
            input: true,
            started: p =>
            {
                Interrupts.Started(p);
                p.EnableRaisingEvents = true;
                p.Exited += (_, _) =>
                {
                    p.WaitForExit(); // the output read to its end first
                    Volatile.Read(ref _ended)?.TrySetResult(p.ExitCode == ExitCodes.Success ? ExitCodes.Usage : p.ExitCode);
                };
            });

    private void OnLine(string line)
    {
        if (!EventReader.TryParse(line, out var e))
        {
            Volatile.Read(ref _run)?.OnAppOutput(line);
        }
        else if (e.Type == EngineEvent.End)
        {
            Volatile.Read(ref _ended)?.TrySetResult(e.ExitCode ?? ExitCodes.Usage);
        }
        else
        {
            Volatile.Read(ref _run)?.OnEvent(e);
        }
    }

    /// <summary>Ends the engine: its stdin closed, it leaves its loop (a stuck one is killed).</summary>
    private void Stop()
    {
        if (_process is not { } process)
        {
            return;
        }

        _process = null;
        try
        {
            process.StandardInput.Close();
            if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (Exception e) when (e is IOException or InvalidOperationException)
        {
            // Already gone.
        }
        finally
        {
            Interrupts.Ended(process);
            process.Dispose();
        }
    }

    public void Dispose() => Stop();
}
