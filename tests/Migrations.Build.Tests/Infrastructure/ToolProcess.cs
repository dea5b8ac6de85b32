using System.Diagnostics;
using System.Text;

namespace Migrations.Build.Tests.Infrastructure;

/// <summary>
/// A <c>dotnet migrate</c> run that a test can signal while it runs, as a terminal or a supervisor
/// would: it leads a process group of its own (<c>setsid</c>) that holds the tool and its engine,
/// with SIGINT at its default (a test run may have been started with it ignored, as background
/// jobs of a script are), so <see cref="Signal"/> reaches both at once, as Ctrl+C does.
/// </summary>
public sealed class ToolProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly Stopwatch _watch = Stopwatch.StartNew();

    private ToolProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Append(_stdout, e.Data);
        _process.ErrorDataReceived += (_, e) => Append(_stderr, e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public static ToolProcess Start(SampleCopy copy, IDictionary<string, string?> environment, params string[] args)
    {
        var info = new ProcessStartInfo("setsid")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = copy.Directory,
        };
        foreach (var arg in (string[])["env", "--default-signal=INT", "dotnet", Repo.ToolDll, .. args, "--project", copy.Directory])
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (name, value) in copy.Environment.Concat(environment))
        {
            info.Environment[name] = value;
        }

        return new ToolProcess(Process.Start(info)!);
    }

    public TimeSpan Elapsed => _watch.Elapsed;

    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>Sends a signal (INT, TERM, KILL) to the tool and its engine: the whole process group.</summary>
    public void Signal(string name)
    {
        // setsid made the tool a group leader: its id is the group's.
        var group = "-" + _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-" + name, "--", group]) { RedirectStandardError = true })!;
        kill.StandardError.ReadToEnd(); // "no such process" when it has just ended
        kill.WaitForExit();
    }

    /// <summary>Waits until stderr holds the text (true), or the run ended or the bound passed (false).</summary>
    public bool WaitForStderr(string text, TimeSpan bound)
    {
        while (_watch.Elapsed < bound && !_process.HasExited)
        {
            if (Stderr.Contains(text, StringComparison.Ordinal))
            {
                return true;
            }

            Thread.Sleep(20);
        }

        if (_process.HasExited)
        {
            _process.WaitForExit(); // the last lines are still on their way from the pipe
        }

        return Stderr.Contains(text, StringComparison.Ordinal);
    }

    /// <summary>How the run stands, for a failed assertion: its exit code when it ended, and what it printed.</summary>
    public override string ToString()
    {
        lock (_stdout)
        {
            return $"{(_process.HasExited ? $"exit code {_process.ExitCode}" : "still running")}\nstdout:\n{_stdout}\nstderr:\n{Stderr}";
        }
    }

    /// <summary>Waits for the end within the bound; past it, kills the group and returns null (a hang).</summary>
    public ProcessResult? Finish(TimeSpan bound)
    {
        if (!_process.WaitForExit(bound))
        {
            Signal("KILL");
            _process.WaitForExit();
            return null;
        }

        _process.WaitForExit();
        lock (_stdout)
        {
            return new ProcessResult(_process.ExitCode, _stdout.ToString(), Stderr);
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            Signal("KILL");
        }

        _process.Dispose();
    }

    private static void Append(StringBuilder to, string? line)
    {
        if (line is not null)
        {
            lock (to)
            {
                to.AppendLine(line);
            }
        }
    }
}
