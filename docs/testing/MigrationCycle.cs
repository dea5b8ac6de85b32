// Migrations.Build: the up/down cycle as one line of your own test suite. Copy this file into your
// test project (any test framework), install the tool (dotnet tool install Migrations.Build.Tool),
// then:
//
//     [Fact]
//     public void Every_migration_goes_up_down_and_up_again() => MigrationCycle.Assert("../../../../src/MyApp");
//
// The path is the app's project (or its folder), relative to the test's working folder (bin/...).
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text.Json;

namespace Migrations.Build.Testing;

/// <summary>Runs <c>dotnet migrate test</c> on a project and fails with every problem it found.</summary>
public static class MigrationCycle
{
    /// <summary>What follows <c>dotnet</c> to start the tool: the installed tool by default.</summary>
    public static string[] Tool { get; set; } = ["migrate"];

    /// <summary>
    /// Passes when every migration goes up, down and up again cleanly; <paramref name="options"/> are
    /// the test command's own, e.g. "--connection", scratchDatabase, or "--seed", "seed.sql".
    /// </summary>
    public static void Assert(string project, params string[] options)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in Tool.Concat(["test", "--project", project, "--json"]).Concat(options))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new MigrationCycleException($"dotnet migrate test failed on {project} (exit {process.ExitCode}):\n{Problems(output) ?? errors.Result.Trim()}");
        }
    }

    /// <summary>Each failed step's problem, from the JSON result; null when there is none (the run failed before the cycle).</summary>
    private static string? Problems(string json)
    {
        try
        {
            using var result = JsonDocument.Parse(json);
            var problems = result.RootElement.GetProperty("steps").EnumerateArray()
                .Where(step => !step.GetProperty("ok").GetBoolean())
                .Select(step => $"  {step.GetProperty("migration").GetString()} {step.GetProperty("direction").GetString()}: {step.GetProperty("problem").GetString()}")
                .ToList();
            return problems.Count > 0 ? string.Join("\n", problems) : null;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return null;
        }
    }
}

/// <summary>The cycle failed: the message lists each failing step.</summary>
public sealed class MigrationCycleException(string message) : Exception(message);
