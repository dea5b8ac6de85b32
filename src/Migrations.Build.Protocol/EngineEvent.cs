namespace Migrations.Build.Protocol;

/// <summary>
/// One line of the engine's event stream on stdout. Every line the engine writes there is one of
/// these as JSON; the user's own console output is redirected to stderr so it can't corrupt the stream.
/// </summary>
public sealed record EngineEvent
{
    public const string Log = "log";
    public const string Diagnostic = "diagnostic";
    public const string Progress = "progress";
    public const string Result = "result";
    public const string Failure = "failure";

    /// <summary>
    /// A move's plan (<see cref="Data"/>: a validate result) shown before it runs in production. With a
    /// <see cref="Message"/>, the question: the engine waits for the answer, one line on its stdin
    /// (<see cref="ConfirmAnswer"/> goes on, anything else refuses).
    /// </summary>
    public const string Plan = "plan";

    public const string ConfirmAnswer = "yes";

    /// <summary>A fleet's worker (<see cref="EngineRequest.Fleet"/>) finished one database, with its <see cref="ExitCode"/>.</summary>
    public const string End = "end";

    /// <summary>One of the constants above.</summary>
    public required string Type { get; init; }

    /// <summary>For logs: error, warning, info or verbose. For diagnostics: error, warning or message.</summary>
    public string? Level { get; init; }

    public string? Message { get; init; }

    /// <summary>For diagnostics: the rule code, e.g. MIG001. For failures: the setup code, e.g. MIG904.</summary>
    public string? Code { get; init; }

    public string? File { get; init; }

    public int? Line { get; init; }

    public int? Column { get; init; }

    /// <summary>For progress: the step reached and the number of steps.</summary>
    public int? Current { get; init; }

    public int? Total { get; init; }

    /// <summary>For progress over rows: the rows done so far in the whole command, and about how many there are (null: unknown).</summary>
    public long? Rows { get; init; }

    public long? RowsTotal { get; init; }

    /// <summary>For results: the command's result document (what <c>--json</c> prints).</summary>
    public System.Text.Json.JsonElement? Data { get; init; }

    /// <summary>In a run over several DbContexts: the one this event is about (its message names it already).</summary>
    public string? Context { get; init; }

    /// <summary>For failures: the contract exit code the failure maps to.</summary>
    public int? ExitCode { get; init; }
}
