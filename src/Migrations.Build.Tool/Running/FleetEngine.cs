using System.Diagnostics;
using Migrations.Build.Protocol;
using Migrations.Build.Tool.Rendering;

namespace Migrations.Build.Tool.Running;

/// <summary>
/// A fleet's worker: one engine process (<see cref="EngineRequest.Fleet"/>) that moves databases in
/// turn, so the runtime, the app and EF Core's services start once per worker, not once per database.
/// A database's connection string goes down the engine's stdin (never on a command line); its events
/// come back up to its end event. An engine that dies fails the database it was on; the next database
/// starts a new one. Each process's events go to its own <see cref="Attached"/> state, so a process
/// that ended can never answer for a database given to the next.
/// </summary>
internal sealed class FleetEngine(EngineProcess engine, EngineRequest request, string workingDirectory) : IDisposable
{
    private Attached? _attached;

    public EngineOutcome Run(FleetDatabase database, Output output)
    {
        if (_attached is { Exited: true })
        {
            Stop();
        }

        if (Interrupts.Requested)
        {
            return new EngineOutcome(ExitCodes.Interrupted, null, "Interrupted before this database started: nothing was done to it.", []);
        }

        var attached = _attached ??= Start();
        var run = new RunCollector(output);
        var ended = attached.Arm(run);
        try
        {
            attached.Process.StandardInput.WriteLine(database.Connection);
            attached.Process.StandardInput.Flush();
        }
        catch (IOException)
        {
            // It died just now: its exit ends this database.
        }

        var exitCode = ended.GetAwaiter().GetResult();
        if (attached.Exited)
        {
            Stop();
        }

        return run.Outcome(exitCode);
    }

    private Attached Start()
    {
        var attached = new Attached();
        ProcessRunner.Start(
            engine.Program, [.. engine.Arguments, .. (request with { Fleet = true }).ToArguments()], workingDirectory, attached.OnLine, attached.OnAppOutput,
            new Dictionary<string, string?> { [EngineRequest.ConnectionVariable] = null },
            input: true,
            started: attached.Watch);
        return attached;
    }

    /// <summary>Ends the engine: its stdin closed, it leaves its loop (a stuck one is killed).</summary>
    private void Stop()
    {
        if (_attached is not { } attached)
        {
            return;
        }

        _attached = null;
        var process = attached.Process;
        try
        {
            process.StandardInput.Close();
            if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or System.ComponentModel.Win32Exception)
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

    /// <summary>One engine process and the database it is on: its run's collector and the end it awaits.</summary>
    private sealed class Attached
    {
        private readonly object _gate = new();
        private RunCollector? _run;
        private TaskCompletionSource<int>? _ended;
        private int? _exitCode;

        public Process Process { get; private set; } = null!;

        public bool Exited
        {
            get
            {
                lock (_gate)
                {
                    return _exitCode is not null;
                }
            }
        }

        /// <summary>Takes the next database's events; returns its end.</summary>
        public Task<int> Arm(RunCollector run)
        {
            var ended = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_gate)
            {
                (_run, _ended) = (run, ended);
                if (_exitCode is { } code)
                {
                    ended.TrySetResult(code);
                }
            }

            return ended.Task;
        }

        public void Watch(Process process)
        {
            Process = process;
            Interrupts.Started(process);
            process.EnableRaisingEvents = true;
            process.Exited += (_, _) =>
            {
                int code;
                try
                {
                    process.WaitForExit(); // the output read to its end first
                    code = process.ExitCode == ExitCodes.Success ? ExitCodes.Usage : process.ExitCode;
                }
                catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
                {
                    code = ExitCodes.Usage;
                }

                lock (_gate)
                {
                    _exitCode = code;
                    _ended?.TrySetResult(code);
                }
            };
        }

        public void OnLine(string line)
        {
            RunCollector? run;
            lock (_gate)
            {
                run = _run;
            }

            if (!EventReader.TryParse(line, out var e))
            {
                run?.OnAppOutput(line);
            }
            else if (e.Type == EngineEvent.End)
            {
                lock (_gate)
                {
                    _ended?.TrySetResult(e.ExitCode ?? ExitCodes.Usage);
                    (_run, _ended) = (null, null);
                }
            }
            else
            {
                run?.OnEvent(e);
            }
        }

        public void OnAppOutput(string line)
        {
            RunCollector? run;
            lock (_gate)
            {
                run = _run;
            }

            run?.OnAppOutput(line);
        }
    }
}
