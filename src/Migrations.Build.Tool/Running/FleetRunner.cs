using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Migrations.Build.Protocol;
using Migrations.Build.Tool.Rendering;

namespace Migrations.Build.Tool.Running;

/// <summary>How one database of a fleet went: <c>done</c>, <c>failed</c>, or <c>not-started</c> (after --fail-fast or Ctrl+C).</summary>
internal sealed record FleetEntry(string Name, string Status, int? ExitCode, double Seconds, string? Summary, string? Error,
    IReadOnlyList<string> Warnings, JsonNode? Result);

/// <summary>The --json document of a fleet run.</summary>
internal sealed record FleetResult(int Done, int Failed, int NotStarted, IReadOnlyList<FleetEntry> Databases);

/// <summary>
/// Runs one engine verb on each database of a fleet, <c>parallel</c> at a time, the app built and
/// read once and each worker one engine process (<see cref="FleetEngine"/>). A database that fails
/// never stops the others (unless --fail-fast); each prints one line as it finishes; exit 1 when any
/// failed or was not started, 130 when Ctrl+C stopped the run.
/// </summary>
internal static class FleetRunner
{
    public static int Run(
        IReadOnlyList<FleetDatabase> fleet, int parallel, bool failFast, Output output, Func<FleetEngine> start, Func<JsonElement, string> summarize)
    {
        var entries = new FleetEntry?[fleet.Count];
        var next = -1;
        var stop = 0;
        var printing = new object();
        output.Info($"{fleet.Count} database(s), {Math.Min(parallel, fleet.Count)} at a time.");

        void Worker()
        {
            using var engine = start();
            while (Volatile.Read(ref stop) == 0 && !Interrupts.Requested && Interlocked.Increment(ref next) is var i && i < fleet.Count)
            {
                var entry = One(fleet[i], engine.Run, summarize);
                entries[i] = entry;
                if (entry.Status != "done" && failFast)
                {
                    Volatile.Write(ref stop, 1);
                }

                lock (printing)
                {
                    Line(output, entry);
                }
            }
        }

        var workers = Enumerable.Range(0, Math.Min(parallel, fleet.Count))
            .Select(_ => Task.Factory.StartNew(Worker, TaskCreationOptions.LongRunning)).ToArray();
        Task.WaitAll(workers);

        var all = entries.Select((e, i) => e ?? new FleetEntry(fleet[i].Name, "not-started", null, 0, null, null, [], null)).ToList();
        var result = new FleetResult(all.Count(e => e.Status == "done"), all.Count(e => e.Status == "failed"), all.Count(e => e.Status == "not-started"), all);
        return Finish(output, result);
    }

    private static FleetEntry One(FleetDatabase database, Func<FleetDatabase, Output, EngineOutcome> run, Func<JsonElement, string> summarize)
    {
        var quiet = Output.Silent();
        var started = Stopwatch.GetTimestamp();
        EngineOutcome outcome;
        try
        {
            outcome = run(database, quiet);
        }
        catch (Exception e) when (e is LaunchException or ToolException or IOException or System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            outcome = new EngineOutcome(e is ToolException t ? t.ExitCode : ExitCodes.Usage, null, e.Message, []);
        }

        var seconds = Math.Round(Stopwatch.GetElapsedTime(started).TotalSeconds, 2);
        var done = outcome.ExitCode == ExitCodes.Success;
        return new FleetEntry(
            database.Name,
            done ? "done" : "failed",
            outcome.ExitCode,
            seconds,
            outcome.Result is { } r ? summarize(r) : null,
            done ? null : Output.Secrets.Scrub(outcome.Failure ?? $"exit {outcome.ExitCode}"),
            quiet.Warnings,
            outcome.Result is { } json ? WithoutConnection(json) : null);
    }

    /// <summary>A database is named by host/database only: the result's masked connection string stays out.</summary>
    private static JsonNode? WithoutConnection(JsonElement result)
    {
        var node = JsonNode.Parse(Output.Secrets.Scrub(result).GetRawText());
        if (node is JsonObject o)
        {
            o.Remove("database");
        }

        return node;
    }

    private static void Line(Output output, FleetEntry entry)
    {
        var text = entry.Status == "done"
            ? $"done    {entry.Name}  "
                + $"{entry.Summary}{(entry.Warnings.Count > 0 ? $" ({entry.Warnings.Count} warning(s): {entry.Warnings[0]})" : string.Empty)}  "
                + $"[{entry.Seconds:0.0} s]"
            : $"failed  {entry.Name}  exit {entry.ExitCode}: {entry.Error}  [{entry.Seconds:0.0} s]";
        if (output.Json)
        {
            output.Info(text);
        }
        else
        {
            Console.Out.WriteLine(text);
        }
    }

    private static int Finish(Output output, FleetResult result)
    {
        if (output.Json)
        {
            output.Document(JsonSerializer.SerializeToElement(result, ProtocolJson.Documents));
        }

        var broken = result.Databases.Where(d => d.Status == "failed").Select(d => d.Name).ToList();
        var summary = $"{result.Done} done, {result.Failed} failed{(result.NotStarted > 0 ? $", {result.NotStarted} not started" : string.Empty)}"
            + (broken.Count > 0 ? $": {string.Join(", ", broken)}" : string.Empty);
        if (Interrupts.Requested)
        {
            output.Error($"Interrupted: {summary}. Each database is at the last migration that completed on it; running the same command again resumes.");
            return ExitCodes.Interrupted;
        }

        if (result.Failed + result.NotStarted > 0)
        {
            output.Error($"{summary}. Run the same command again to retry them (an upgrade finds the databases done at their target and skips them).");
            return ExitCodes.Findings;
        }

        output.Success(summary + ".");
        return ExitCodes.Success;
    }
}
