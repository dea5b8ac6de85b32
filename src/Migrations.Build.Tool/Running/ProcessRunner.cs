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
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = input, // for answers written by the caller (see `running`); else the child shares ours
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

        using var process = new Process { StartInfo = info };
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
        running?.Invoke(process);
        try
        {
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            process.WaitForExit();
            return process.ExitCode;
        }
        finally
        {
            running?.Invoke(null);
        }
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
