using System.Text.Json;
using Migrations.Build.Protocol;
using Spectre.Console;

namespace Migrations.Build.Tool.Rendering;

/// <summary>
/// Everything the tool prints goes through here. stdout carries the result (a table, or with --json
/// one JSON document and nothing else); messages, diagnostics and progress go to stderr. Colour only
/// on a terminal (Spectre.Console detects redirection and honours NO_COLOR).
/// </summary>
internal sealed class Output
{
    private readonly IAnsiConsole _out;
    private readonly IAnsiConsole _err;

    private readonly bool _silent;

    public Output(bool json, bool verbose)
        : this(json, verbose, silent: false)
    {
    }

    private Output(bool json, bool verbose, bool silent)
    {
        Json = json;
        IsVerbose = verbose;
        _silent = silent;
        _out = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });
        _err = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });

        // Redirected output is read by programs and logs: never wrap it at a guessed width.
        if (Console.IsOutputRedirected)
        {
            _out.Profile.Width = short.MaxValue;
        }

        if (Console.IsErrorRedirected)
        {
            _err.Profile.Width = short.MaxValue;
        }
    }

    public bool Json { get; }

    /// <summary>
    /// An engine run of a fleet's, several at once: it prints nothing (the fleet prints a line per
    /// database) and keeps its warnings for that line.
    /// </summary>
    public static Output Silent() => new(json: true, verbose: false, silent: true);

    /// <summary>What a silent output was warned of.</summary>
    public List<string> Warnings { get; } = [];

    /// <summary>
    /// The run's connection strings (--connection, the user's variables), kept out of everything printed
    /// whatever their form; set once when the command line is read. The engine's events come scrubbed
    /// already; this covers the tool's own errors and the app's output shown with --verbose.
    /// </summary>
    public static SecretScrubber Secrets { get; set; } = new();

    public bool IsVerbose { get; }

    /// <summary>The console for the result (stdout); only used without --json.</summary>
    public IAnsiConsole Result => _out;

    public void Info(string message)
    {
        if (_silent)
        {
            return;
        }

        ClearProgress();
        _err.MarkupLineInterpolated($"{Secrets.Scrub(message)}");
    }

    public void Success(string message)
    {
        if (_silent)
        {
            return;
        }

        ClearProgress();
        _err.MarkupLineInterpolated($"[green]{Secrets.Scrub(message)}[/]");
    }

    public void Warn(string message)
    {
        if (_silent)
        {
            Warnings.Add(Secrets.Scrub(message)!);
            return;
        }

        Cli.CommandAudit.Warnings.Add(Secrets.Scrub(message)!);
        ClearProgress();
        _err.MarkupLineInterpolated($"[yellow]warning:[/] {Secrets.Scrub(message)}");
    }

    public void Error(string message)
    {
        if (_silent)
        {
            return;
        }

        message = Secrets.Scrub(message)!;
        Cli.CommandAudit.LastError = message;
        ClearProgress();
        _err.MarkupLineInterpolated($"[red]error:[/] {message}");
    }

    public void Verbose(string message)
    {
        if (IsVerbose && !_silent)
        {
            ClearProgress();
            _err.MarkupLineInterpolated($"[grey]{Secrets.Scrub(message)}[/]");
        }
    }

    public void Diagnostic(EngineEvent e)
    {
        if (_silent)
        {
            return;
        }

        ClearProgress();
        var where = e.File is null ? string.Empty : $"{e.File}({e.Line ?? 1},{e.Column ?? 1}): ";
        var colour = e.Level switch { LogLevels.Error => "red", LogLevels.Warning => "yellow", LogLevels.Suggestion => "blue", _ => "grey" };
        _err.MarkupLineInterpolated($"{where}[{colour}]{e.Level} {e.Code}[/]: {Secrets.Scrub(e.Message)}");
    }

    /// <summary>
    /// On a terminal, one line redrawn in place (step, message, and over rows a bar, percentage,
    /// throughput and time left); in a log, a timestamped line per step and every few seconds
    /// within one, so a million-row table doesn't print a hundred lines.
    /// </summary>
    public void Progress(EngineEvent e)
    {
        if (_silent)
        {
            return;
        }

        e = e with { Message = Secrets.Scrub(e.Message) };
        var done = e.Current >= e.Total;
        var rows = _rows.Describe(e, bar: !Console.IsErrorRedirected);
        if (!Console.IsErrorRedirected)
        {
            var line = done ? string.Empty
                : $"[{e.Current + 1}/{e.Total}] "
                    + $"{(rows is null ? e.Message + (_rows.StepsLeft(e) is { } left ? "  " + left : string.Empty) : $"{e.Message?.Split(':')[0]}  {rows}")}";
            var width = Math.Max(20, _err.Profile.Width - 1);
            Console.Error.Write("\r" + (line.Length > width ? line[..width] : line.PadRight(Math.Min(width, _progressWidth))));
            _progressWidth = line.Length;
            if (done)
            {
                Console.Error.Write("\r");
            }

            return;
        }

        // One line per step: a new count, or a new phase of the same one (Checking, then Restoring a
        // table); within a step over rows, one every few seconds.
        var step = (e.Current, e.Total, (e.Message ?? string.Empty).Split(':')[0]);
        var now = DateTimeOffset.Now;
        if (!done && (step != _lastStep || (rows is not null && now - _lastLine >= LogInterval)))
        {
            _lastStep = step;
            _lastLine = now;
            var text = rows is null ? e.Message : $"{step.Item3}: {rows}";
            _err.MarkupLineInterpolated($"[grey]{now:HH:mm:ss} [[{e.Current + 1}/{e.Total}]][/] {text}");
        }
    }

    private static readonly TimeSpan LogInterval = TimeSpan.FromSeconds(5);
    private readonly RowProgress _rows = new();
    private DateTimeOffset _lastLine;

    /// <summary>A message goes on a line of its own: the progress line drawn in place is wiped first.</summary>
    private void ClearProgress()
    {
        if (_progressWidth > 0)
        {
            Console.Error.Write("\r" + new string(' ', _progressWidth) + "\r");
            _progressWidth = 0;
        }
    }

    private (int?, int?, string) _lastStep = (-1, -1, string.Empty);
    private int _progressWidth;

    public void Document(JsonElement document)
        => Console.Out.WriteLine(JsonSerializer.Serialize(Secrets.Scrub(document), ProtocolJson.Indented));

    /// <summary>With --json, a failure is still one JSON document on stdout.</summary>
    public void FailureDocument(int exitCode, string message)
        => Console.Out.WriteLine(JsonSerializer.Serialize(new { error = new { exitCode, message = Secrets.Scrub(message) } }, ProtocolJson.Indented));
}
