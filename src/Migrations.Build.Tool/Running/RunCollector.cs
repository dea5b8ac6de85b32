using System.Text.Json;
using Migrations.Build.Protocol;
using Migrations.Build.Tool.Rendering;

namespace Migrations.Build.Tool.Running;

/// <summary>What came back from one engine run.</summary>
internal sealed record EngineOutcome(int ExitCode, JsonElement? Result, string? Failure, IReadOnlyList<EngineEvent> Diagnostics);

/// <summary>
/// One engine run's events as they arrive: logs, diagnostics and progress shown on the output, the
/// result and failure kept, a plan's question answered (<paramref name="answer"/>, replied with
/// <paramref name="reply"/>), the app's own lines kept for when the engine dies without a word.
/// </summary>
internal sealed class RunCollector(Output output, Func<EngineEvent, string?>? answer = null, Action<string>? reply = null)
{
    private readonly List<EngineEvent> _diagnostics = [];
    private readonly StartupOutput _appOutput = new();
    private JsonElement? _result;
    private string? _failure;
    private int? _failureCode;

    /// <summary>A line of the engine's stdout: an event, or the app's own output.</summary>
    public void OnLine(string line)
    {
        if (EventReader.TryParse(line, out var e))
        {
            OnEvent(e);
        }
        else
        {
            OnAppOutput(line);
        }
    }

    public void OnEvent(EngineEvent e)
    {
        switch (e.Type)
        {
            case EngineEvent.Result:
                _result = e.Data;
                break;
            case EngineEvent.Failure:
                // A setup failure names its code (docs/rules/MIG9xx.md), as the build does.
                _failure = e.Code is { } code && code != SetupCodes.EngineFailed ? SetupCodes.Message(code, e.Message ?? string.Empty) : e.Message;
                _failureCode = e.ExitCode;
                break;
            case EngineEvent.Diagnostic:
                _diagnostics.Add(e);
                output.Diagnostic(e);
                break;
            case EngineEvent.Progress:
                output.Progress(e);
                break;
            case EngineEvent.Plan:
                var answered = answer?.Invoke(e);
                if (e.Message is not null)
                {
                    reply?.Invoke(answered ?? string.Empty);
                }

                break;
            default:
                Log(e);
                break;
        }
    }

    public void OnAppOutput(string line)
    {
        _appOutput.Add(line);
        output.Verbose(line);
    }

    /// <summary>The run's outcome once the engine said it ended (or died) with <paramref name="exitCode"/>.</summary>
    public EngineOutcome Outcome(int exitCode)
    {
        var failure = _failure;
        var failureCode = _failureCode;
        if (exitCode != ExitCodes.Success && failure is null && _result is null && Interrupts.Requested)
        {
            // A second Ctrl+C, or a command without stop points, stopped it at once.
            failure = $"Interrupted: stopped at once. A change in progress was rolled back with its transaction, so the database is at the last "
                + $"migration that completed ({Cli.MigrateCli.Name} current says which); a backup being written was left as .partial, "
                + "which is never taken for a backup.";
            failureCode = ExitCodes.Interrupted;
        }
        else if (exitCode != ExitCodes.Success && failure is null && _result is null)
        {
            // The engine died before it could say why (e.g. the runtime could not start the app's context).
            failure = SetupCodes.Message(SetupCodes.EngineNotStarted, _appOutput.Failure(exitCode, "\n  "));
            failureCode = ExitCodes.Usage;
        }

        return new EngineOutcome(failureCode ?? exitCode, _result, failure, _diagnostics);
    }

    private void Log(EngineEvent e)
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
