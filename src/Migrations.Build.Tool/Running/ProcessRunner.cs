using System.Diagnostics;

namespace Migrations.Build.Tool.Running;

/// <summary>Runs a child process, streaming its stdout and stderr lines to callbacks (and saying while it runs).</summary>
internal static class ProcessRunner
{
    public static int Run(
        string fileName,
        IEnumerable<string> args,
        string? workingDirectory,
        Action<string> onOutput,
        Action<string> onError,
        IReadOnlyDictionary<string, string?>? environment = null,
        Action<Process?>? running = null,
        bool input = false)
    {
        using var process = Start(fileName, args, workingDirectory, onOutput, onError, environment, input, running);
        try
        {
            process.WaitForExit();
            return process.ExitCode;
        }
        finally
        {
            running?.Invoke(null);
        }
    }

    /// <summary>
    /// Starts the process with its output streaming to the callbacks (<paramref name="started"/> sees it
    /// before the first line); the caller waits for it and disposes it.
    /// </summary>
    public static Process Start(
        string fileName,
        IEnumerable<string> args,
        string? workingDirectory,
        Action<string> onOutput,
        Action<string> onError,
        IReadOnlyDictionary<string, string?>? environment = null,
        bool input = false,
        Action<Process>? started = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = input, // for what the caller writes (answers, a fleet's databases); else the child shares ours
            StandardInputEncoding = input ? new System.Text.UTF8Encoding(false) : null, // a password's every character, on any console code page
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Directory.GetCurrentDirectory(),
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            info.Environment[name] = value;
        }

        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                onOutput(e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                onError(e.Data);
            }
        };
        process.Start();
        started?.Invoke(process);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>The dotnet host that runs this tool, so children use the same SDK and runtime.</summary>
    public static string DotnetHost()
    {
        var fromEnv = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(fromEnv) && File.Exists(fromEnv))
        {
            return fromEnv;
        }

        var current = Environment.ProcessPath;
        return current is not null && Path.GetFileNameWithoutExtension(current).Equals("dotnet", StringComparison.OrdinalIgnoreCase)
            ? current
            : "dotnet";
    }
}
