using System.Text.Json;

namespace Migrations.Build.Protocol;

/// <summary>
/// Writes the engine's event stream: one JSON document per line, flushed at once. Every message and
/// result passes <see cref="Secrets"/> first: the one place all the engine says goes through.
/// </summary>
public sealed class EventWriter(TextWriter output, SecretScrubber? secrets = null)
{
    private readonly object _gate = new();

    /// <summary>The run's connection strings to keep out of every event (the engine adds the app's once it knows it).</summary>
    public SecretScrubber Secrets { get; } = secrets ?? new SecretScrubber();

    /// <summary>
    /// The DbContext a run over several works on now: every message is prefixed with it ("[OrdersDb] ..."),
    /// so a finding, a failure or a step says whose it is. Set between contexts, never during one.
    /// </summary>
    public string? Scope { get; set; }

    public void Log(string level, string message) => Write(new EngineEvent { Type = EngineEvent.Log, Level = level, Message = message });

    public void Diagnostic(string code, string level, string message, string? file = null, int? line = null, int? column = null)
        => Write(new EngineEvent { Type = EngineEvent.Diagnostic, Code = code, Level = level, Message = message, File = file, Line = line, Column = column });

    public void Progress(string message, int current, int total)
        => Write(new EngineEvent { Type = EngineEvent.Progress, Message = message, Current = current, Total = total });

    /// <summary>
    /// Progress over rows: step <paramref name="current"/> of <paramref name="total"/>, and <paramref name="rows"/>
    /// of about <paramref name="rowsTotal"/> in all.
    /// </summary>
    public void Progress(string message, int current, int total, long rows, long? rowsTotal)
        => Write(new EngineEvent { Type = EngineEvent.Progress, Message = message, Current = current, Total = total, Rows = rows, RowsTotal = rowsTotal });

    public void Result<T>(T result)
        => Write(new EngineEvent { Type = EngineEvent.Result, Data = JsonSerializer.SerializeToElement(result, ProtocolJson.Documents) });

    /// <summary>A move's plan before it runs; with <paramref name="question"/>, the caller's answer is awaited (<see cref="EngineEvent.Plan"/>).</summary>
    public void Plan<T>(T plan, string? question)
        => Write(new EngineEvent { Type = EngineEvent.Plan, Data = JsonSerializer.SerializeToElement(plan, ProtocolJson.Documents), Message = question });

    /// <param name="code">The setup code (<see cref="SetupCodes"/>) a build reports the failure under.</param>
    public void Failure(int exitCode, string message, string? code = null)
        => Write(new EngineEvent { Type = EngineEvent.Failure, ExitCode = exitCode, Message = message, Code = code });

    /// <summary>One database of a fleet's worker is done (<see cref="EngineRequest.Fleet"/>).</summary>
    public void End(int exitCode) => Write(new EngineEvent { Type = EngineEvent.End, ExitCode = exitCode });

    private void Write(EngineEvent e)
    {
        e = e with { Message = Secrets.Scrub(e.Message), Data = e.Data is { } data ? Secrets.Scrub(data) : null };
        if (Scope is not null)
        {
            e = e with { Context = Scope, Message = e.Message is null ? null : $"[{Scope}] {e.Message}" };
        }

        var line = JsonSerializer.Serialize(e, ProtocolJson.Compact);
        lock (_gate)
        {
            output.WriteLine(line);
            output.Flush();
        }
    }
}
