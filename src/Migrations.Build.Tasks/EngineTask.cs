using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using Migrations.Build.Protocol;

namespace Migrations.Build.Tasks;

/// <summary>
/// The shared base of the tasks: launches the engine inside the built app (the same launch line
/// as <c>dotnet migrate</c>) and maps each event to the MSBuild log. Diagnostics become canonical
/// errors and warnings at the file and line the engine names, so IDEs list them. No migration
/// logic lives here: a concrete task names its verb and adds its parameters.
/// </summary>
public abstract class EngineTask : ToolTask
{
    /// <summary>
    /// The built app, as the targets describe it once (_MigrationsResolveInputs): the item is the
    /// assembly with the migrations; its metadata are EngineDirectory, ProjectFile, DepsFile, RuntimeConfig,
    /// ProjectDir, RootNamespace, Language, Nullable, Context, Environment, ProbingPaths, StartupAssembly,
    /// DesignAssemblies, DatabaseTimeout, LockTimeout, LargeTableRows, LockFile, ProjectReferences and CheckStamp.
    /// </summary>
    [Required]
    public ITaskItem App { get; set; } = null!;

    /// <summary>Passed to the engine in its environment, never on its command line.</summary>
    public string? Connection { get; set; }

    /// <summary>
    /// When <see cref="Connection"/> is empty: an environment variable to read it from, so that a
    /// secret never becomes an MSBuild property (which build logs record).
    /// </summary>
    public string? ConnectionVariable { get; set; }

    /// <summary>The app's environment for this run, over the App item's (e.g. the publish gate's MigrationsPublishEnvironment).</summary>
    public string? Environment { get; set; }

    /// <summary>Append this run to the audit log (the operation targets; not the build's gate).</summary>
    public bool Audit { get; set; }

    protected abstract string Command { get; }

    private string? _lastError;

    /// <summary>The engine's warnings, for the audit line.</summary>
    private readonly List<string> _warnings = [];

    /// <summary>The engine for the app's EF Core major, found before launching (ValidateParameters).</summary>
    private string? _engine;

    /// <summary>What the engine (or the runtime starting it) wrote outside the event stream.</summary>
    private readonly StartupOutput _otherOutput = new();

    /// <summary>The request the engine was launched with (null when the task stopped before).</summary>
    private EngineRequest? _request;

    public override bool Execute()
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var ok = base.Execute();
        if (Audit && Protocol.Audit.AuditLog.PathFor(App.GetMetadata("ProjectDir")) is { } path)
        {
            var args = new[] { _request?.Target, _request?.Name, _request?.File }.OfType<string>().ToList();
            var entry = Protocol.Audit.AuditLog.Entry($"msbuild:{Command}", args, Metadata("Environment"),
                ok ? ExitCodes.Success : ExitCode == 0 ? ExitCodes.Usage : ExitCode, _lastError, watch.Elapsed, Secrets, _warnings);
            if (Protocol.Audit.AuditLog.Append(path, entry) is { } problem)
            {
                Log.LogWarning(Secrets.Scrub(problem));
            }
        }

        return ok;
    }

    /// <summary>Adds the task's own parameters to the request.</summary>
    protected virtual EngineRequest Complete(EngineRequest request) => request;

    /// <summary>Reports the command's result (what <c>--json</c> would print); once per context in a run over several.</summary>
    protected virtual void OnResult(JsonElement result)
    {
    }

    /// <summary>The DbContext the result being reported is about, in a run over several; else null.</summary>
    protected string? ResultContext { get; private set; }

    /// <summary>A line of the build's summary: "Migrations: ...", naming the context in a run over several.</summary>
    protected string Say(string text) => ResultContext is null ? $"Migrations: {text}" : $"Migrations: [{ResultContext}] {text}";

    protected override string ToolName => "dotnet";

    protected override MessageImportance StandardErrorLoggingImportance => MessageImportance.Low;

    protected override MessageImportance StandardOutputLoggingImportance => MessageImportance.Normal;

    protected override string GenerateFullPathToTool()
        => System.Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    protected override string GetWorkingDirectory() => App.GetMetadata("ProjectDir");

    /// <summary>Picks the engine for the app's EF Core; what stops it is a coded error at the project file.</summary>
    protected override bool ValidateParameters()
    {
        if (Metadata("LargeTableRows") is { Length: > 0 } rows
            && !long.TryParse(rows, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _))
        {
            Log.LogError(null, null, null, ProjectFile, 0, 0, 0, 0, $"MigrationsLargeTableRows '{rows}': give a whole number of rows, 0 or more, e.g. 100000.");
            return false;
        }

        try
        {
            _engine = EngineLocator.Locate(App.GetMetadata("EngineDirectory"), App.GetMetadata("DepsFile"),
                Path.GetFileNameWithoutExtension(StartupAssembly), List("DesignAssemblies"));
            return true;
        }
        catch (LaunchException e)
        {
            _lastError = e.Message;
            LogSetupError(e.Code, e.Message);
            return false;
        }
    }

    protected override string GenerateCommandLineCommands()
    {
        var request = _request = Complete(new EngineRequest
        {
            Command = Command,
            Assembly = App.GetMetadata("FullPath"),
            StartupAssembly = StartupAssembly,
            ProjectDir = App.GetMetadata("ProjectDir"),
            RootNamespace = Metadata("RootNamespace"),
            Language = Metadata("Language"),
            Nullable = Metadata("Nullable") is "enable" or "annotations",
            Context = Metadata("Context"),
            FromBuild = true,
            Environment = string.IsNullOrEmpty(Environment) ? Metadata("Environment") : Environment,
            DatabaseTimeout = int.TryParse(Metadata("DatabaseTimeout"), out var timeout) ? timeout : EngineRequest.DefaultDatabaseTimeout,
            LockTimeout = int.TryParse(Metadata("LockTimeout"), out var wait) && wait >= 0 ? wait : 60,
            LargeTableRows = long.TryParse(Metadata("LargeTableRows"), out var rows) ? rows : EngineRequest.DefaultLargeTableRows,
            AssemblyPaths = List("DesignAssemblies"),
            ProjectReferences = List("ProjectReferences"),
            LockFile = Metadata("LockFile"),
            CheckStamp = Metadata("CheckStamp"),
        });
        var app = new AppContextFiles { DepsFile = App.GetMetadata("DepsFile"), RuntimeConfig = App.GetMetadata("RuntimeConfig"),
            ProbingPaths = List("ProbingPaths") };
        var line = new StringBuilder();
        foreach (var arg in EngineLaunch.Arguments(_engine!, app, request))
        {
            line.Append(line.Length == 0 ? string.Empty : " ").Append(Quote(arg));
        }

        return line.ToString();
    }

    protected override ProcessStartInfo GetProcessStartInfo(string pathToTool, string commandLineCommands, string responseFileSwitch)
    {
        var info = base.GetProcessStartInfo(pathToTool, commandLineCommands, responseFileSwitch);
        if (GivenConnection is { } connection)
        {
            info.Environment[EngineRequest.ConnectionVariable] = connection;
        }

        return info;
    }

    /// <summary>The connection this run was given (<see cref="Connection"/>, else <see cref="ConnectionVariable"/>'s value); null: the app's own.</summary>
    protected string? GivenConnection => !string.IsNullOrEmpty(Connection) ? Connection
        : !string.IsNullOrEmpty(ConnectionVariable) && System.Environment.GetEnvironmentVariable(ConnectionVariable) is { Length: > 0 } value ? value : null;

    /// <summary>
    /// What no line this task logs may hold: the connection it was given and those in the build's environment.
    /// The engine scrubs its events already; this covers the app's own output and the task's errors.
    /// </summary>
    private SecretScrubber Secrets => _secrets ??= SecretScrubber.FromEnvironment(GivenConnection);

    private SecretScrubber? _secrets;

    protected override void LogToolCommand(string message) => Log.LogMessage(MessageImportance.Low, message);

    protected override void LogEventsFromTextOutput(string singleLine, MessageImportance messageImportance)
    {
        if (!EventReader.TryParse(singleLine, out var e))
        {
            // The app's or the runtime's own output, kept for a failure that says nothing else.
            singleLine = Secrets.Scrub(singleLine)!;
            _otherOutput.Add(singleLine);
            Log.LogMessage(MessageImportance.Low, singleLine);
            return;
        }

        e = e with { Message = Secrets.Scrub(e.Message), Data = e.Data is { } result ? Secrets.Scrub(result) : null };

        switch (e.Type)
        {
            case EngineEvent.Diagnostic:
                LogDiagnostic(e);
                break;
            case EngineEvent.Result when e.Data is { } data:
                ResultContext = e.Context;
                OnResult(data);
                break;
            case EngineEvent.Failure:
                _lastError = e.Message;
                LogSetupError(e.Code ?? SetupCodes.EngineFailed, e.Message ?? "The engine failed.");
                break;
            case EngineEvent.Progress when e.Current < e.Total:
                Log.LogMessage(MessageImportance.Normal, $"[{e.Current + 1}/{e.Total}] {e.Message}");
                break;
            case EngineEvent.Log:
                LogMessage(e);
                break;
        }
    }

    /// <summary>Nonzero with the reason already logged needs no second error; otherwise say what happened.</summary>
    protected override bool HandleTaskExecutionErrors()
    {
        if (!Log.HasLoggedErrors)
        {
            LogSetupError(SetupCodes.EngineNotStarted, _otherOutput.Failure(ExitCode, " | "));
        }

        return false;
    }

    /// <summary>A failure of the engine itself: a coded error at the project file, as the compiler reports project errors.</summary>
    private void LogSetupError(string code, string message) => Log.LogError(null, code, null, ProjectFile, 0, 0, 0, 0, Secrets.Scrub(message));

    private string ProjectFile => App.GetMetadata("ProjectFile") is { Length: > 0 } project ? project : BuildEngine.ProjectFileOfTaskNode;

    /// <summary>A rule's diagnostic at its file and line, as the IDE's error list shows it.</summary>
    protected virtual void LogDiagnostic(EngineEvent e)
    {
        // Diagnostics about no file in particular (e.g. the database left out) go at the project file.
        var (file, line, column) = (e.File ?? ProjectFile, e.Line ?? 0, e.Column ?? 0);
        switch (e.Level)
        {
            case LogLevels.Error:
                Log.LogError(null, e.Code, null, file, line, column, 0, 0, e.Message);
                break;
            case LogLevels.Warning:
                Log.LogWarning(null, e.Code, null, file, line, column, 0, 0, e.Message);
                break;
            case LogLevels.Suggestion:
                // A type suggestion is lint's to show: in a build it would be noise on every migration (-v:d shows it).
                Log.LogMessage(null, e.Code, null, file, line, column, 0, 0, MessageImportance.Low, e.Message);
                break;
            default:
                Log.LogMessage(null, e.Code, null, file, line, column, 0, 0, MessageImportance.High, e.Message);
                break;
        }
    }

    private void LogMessage(EngineEvent e)
    {
        switch (e.Level)
        {
            case LogLevels.Error:
                Log.LogError(e.Message);
                break;
            case LogLevels.Warning:
                Log.LogWarning(e.Message);
                _warnings.Add(e.Message ?? string.Empty);
                break;
            case LogLevels.Info:
                Log.LogMessage(MessageImportance.Normal, e.Message);
                break;
            default:
                Log.LogMessage(MessageImportance.Low, e.Message);
                break;
        }
    }

    /// <summary>The app the engine runs in: MigrationsStartupProject's, else the project's own assembly.</summary>
    protected string StartupAssembly => Metadata("StartupAssembly") ?? App.GetMetadata("FullPath");

    protected string? Metadata(string name) => App.GetMetadata(name) is { Length: > 0 } value ? value : null;

    protected List<string> List(string name)
        => App.GetMetadata(name).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    /// <summary>Quotes an argument the way the .NET host splits its command line (backslashes double only before a quote).</summary>
    private static string Quote(string arg)
    {
        if (arg.Length > 0 && arg.IndexOfAny([' ', '"', '\t', ';']) < 0)
        {
            return arg;
        }

        var quoted = new StringBuilder("\"");
        var backslashes = 0;
        foreach (var c in arg)
        {
            if (c == '\\')
            {
                backslashes++;
                continue;
            }

            quoted.Append('\\', c == '"' ? backslashes * 2 + 1 : backslashes).Append(c);
            backslashes = 0;
        }

        return quoted.Append('\\', backslashes * 2).Append('"').ToString();
    }
}
