using System.CommandLine;
using System.Text.Json;
using Migrations.Build.Protocol;
using Migrations.Build.Protocol.Results;
using Migrations.Build.Tool.Bundling;
using Migrations.Build.Tool.Cli;
using Migrations.Build.Tool.Projects;
using Migrations.Build.Tool.Rendering;
using Migrations.Build.Tool.Running;

namespace Migrations.Build.Tool.Commands;

/// <summary>
/// The steps every command shares: find the projects, build, read their metadata from MSBuild,
/// run one engine verb inside the app, then print the result (a table, or JSON with --json).
/// A concrete command names its verb, adds its own options to the request, and renders.
/// </summary>
internal abstract class ProjectCommand(ParseResult parse)
{
    protected ParseResult Parse { get; } = parse;

    protected Output Out { get; } = new(parse.GetValue(CommonOptions.Json), parse.GetValue(CommonOptions.Verbose));

    protected abstract string Verb { get; }

    /// <summary>Rejects bad combinations of options before anything is built or run.</summary>
    protected virtual void Validate()
    {
    }

    /// <summary>Adds the command's own options to the request.</summary>
    protected virtual EngineRequest Complete(EngineRequest request) => request;

    /// <summary>
    /// A change that production confirms after showing validate's plan of the move (migrations,
    /// findings, rows at risk) on a terminal; without one it refuses before anything is built
    /// (unless only an unsafe plan needs asking: the engine itself refuses that). Null: none.
    /// </summary>
    protected virtual ProductionPreview? Preview => null;

    /// <summary>Work of the tool's own on the project's files before it is built.</summary>
    protected virtual void BeforeBuild(string projectDir)
    {
    }

    /// <summary>Work of the tool's own after the engine succeeded; returns the result to print.</summary>
    protected virtual JsonElement Finish(JsonElement result) => result;

    /// <summary>The projects the engine ran for, once they are read (not in a bundle, which has none).</summary>
    protected (ProjectMetadata Project, ProjectMetadata Startup)? Projects { get; private set; }

    /// <summary>Prints the result for a person.</summary>
    protected abstract void Render(JsonElement result);

    /// <summary>The result in a few words, for a fleet's line per database (commands that take --connections).</summary>
    protected virtual string Summarize(JsonElement result) => "done";

    public int Execute()
    {
        try
        {
            Validate();
            if (Parse.CommandResult.Command.Options.Contains(FleetOptions.Connections) && FleetOptions.Read(Parse) is { } fleet)
            {
                return RunFleet(fleet);
            }

            Preview?.RefuseWithoutTerminal(Parse);

            var outcome = RunEngine();
            if (outcome is { Result: { } done, ExitCode: ExitCodes.Success })
            {
                outcome = outcome with { Result = Finish(done) };
            }

            if (outcome.Result is { } result)
            {
                if (Out.Json)
                {
                    Out.Document(result);
                }
                else
                {
                    Render(result);
                }
            }

            if (outcome.Failure is not null)
            {
                Fail(outcome.ExitCode, outcome.Failure, printDocument: outcome.Result is null);
            }

            return outcome.ExitCode;
        }
        catch (ToolException e)
        {
            Fail(e.ExitCode, e.Message, printDocument: true);
            return e.ExitCode;
        }
        catch (LaunchException e)
        {
            Fail(e.ExitCode, SetupCodes.Message(e.Code, e.Message), printDocument: true);
            return e.ExitCode;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.ComponentModel.Win32Exception or InvalidOperationException
            or System.Text.Json.JsonException)
        {
            // Not a finding: exit 1 is reserved for what a check finds.
            Out.Verbose(e.ToString());
            Fail(ExitCodes.Usage, $"{e.GetType().Name}: {e.Message}", printDocument: true);
            return ExitCodes.Usage;
        }
        finally
        {
            AfterRun();
        }
    }

    /// <summary>Puts back what <see cref="BeforeBuild"/> changed for the run only, however the run ended.</summary>
    protected virtual void AfterRun()
    {
    }

    private void Fail(int exitCode, string message, bool printDocument)
    {
        Out.Error(message);
        if (Out.Json && printDocument)
        {
            Out.FailureDocument(exitCode, message);
        }
    }

    /// <summary>The app built and read once, the engine found: ready to run on any database.</summary>
    private sealed record PreparedRun(EngineProcess Engine, EngineRequest Request, string WorkingDirectory);

    private EngineOutcome RunEngine()
    {
        var run = Prepare();
        var request = Preview is null ? run.Request : ProductionPreview.Prepare(Parse, run.Request);
        return EngineRunner.Run(run.Engine, request, run.WorkingDirectory, Parse.GetValue(CommonOptions.Connection), Out,
            request.Ask ? e => ProductionPreview.Answer(Out, e) : null);
    }

    /// <summary>
    /// Every database of the fleet with the same request; none asks (production's unsafe moves need
    /// --yes, as in any run without a terminal).
    /// </summary>
    private int RunFleet(IReadOnlyList<FleetDatabase> fleet)
    {
        if (fleet.Count == 0)
        {
            Out.Success($"No database of the list is in shard {Parse.GetValue(FleetOptions.Shard)}: nothing to do.");
            if (Out.Json)
            {
                Out.Document(JsonSerializer.SerializeToElement(new FleetResult(0, 0, 0, []), ProtocolJson.Documents));
            }

            return ExitCodes.Success;
        }

        var run = Prepare();
        foreach (var database in fleet)
        {
            Output.Secrets.Add(database.Connection);
        }

        return FleetRunner.Run(fleet, Parse.GetValue(FleetOptions.Parallel), Parse.GetValue(FleetOptions.FailFast), Out,
            () => new FleetEngine(run.Engine, run.Request, run.WorkingDirectory), Summarize);
    }

    private PreparedRun Prepare()
    {
        if (BundleManifest.Current is { } bundle)
        {
            return PrepareBundled(bundle);
        }

        var configuration = Parse.GetValue(CommonOptions.Configuration)!;
        var framework = Parse.GetValue(CommonOptions.Framework);
        var projectPath = ProjectLocator.Resolve(Parse.GetValue(CommonOptions.Project), "--project");
        var startupPath = Parse.GetValue(CommonOptions.StartupProject) is { } s ? ProjectLocator.Resolve(s, "--startup-project") : projectPath;

        if (!Parse.GetValue(CommonOptions.NoBuild))
        {
            Out.Verbose($"Building {startupPath}...");
            BeforeBuild(Path.GetDirectoryName(projectPath)!);
            ProjectBuilder.Build(startupPath, configuration, framework, Out.Verbose, Path.GetDirectoryName(projectPath)!, Path.GetDirectoryName(startupPath)!);
        }

        Out.Verbose($"timing: tool start {(DateTime.Now - System.Diagnostics.Process.GetCurrentProcess().StartTime).TotalMilliseconds:0} ms");
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var startup = ProjectMetadata.Evaluate(startupPath, configuration, framework, Out.Verbose);
        var project = projectPath == startupPath ? startup : ProjectMetadata.Evaluate(projectPath, configuration, framework, Out.Verbose);
        Out.Verbose($"timing: project metadata {watch.ElapsedMilliseconds} ms");
        foreach (var file in new[] { project.TargetPath, startup.DepsFile, startup.RuntimeConfig })
        {
            if (!File.Exists(file))
            {
                throw new ToolException($"{file} does not exist. Build the project first, or leave out --no-build.");
            }
        }

        Projects = (project, startup);
        var request = Complete(NewRequest(project.TargetPath, startup.TargetPath, project.ProjectDir, project.RootNamespace) with
        {
            Language = project.Language,
            Nullable = project.Nullable,
            AssemblyPaths = DesignAssemblyLocator.ExtraAssemblies(startup, configuration),
            CheckStamp = project.CheckStamp,
            ProjectReferences = project.ProjectReferences,
        });
        var app = new AppContextFiles { DepsFile = startup.DepsFile, RuntimeConfig = startup.RuntimeConfig, ProbingPaths = startup.PackageFolders };
        return new PreparedRun(EngineProcess.InApp(EngineRunner.Locate(app, request, Out), app), request, startup.ProjectDir);
    }

    /// <summary>
    /// In a bundle the app's assemblies sit beside the bundle's own and the bundle is its own engine.
    /// It runs where it is started: the app's configuration and relative paths are read from there.
    /// </summary>
    private PreparedRun PrepareBundled(BundleManifest bundle)
    {
        var here = Directory.GetCurrentDirectory();
        var request = Complete(NewRequest(
            Path.Combine(AppContext.BaseDirectory, bundle.Assembly),
            Path.Combine(AppContext.BaseDirectory, bundle.StartupAssembly),
            here,
            bundle.RootNamespace));
        return new PreparedRun(new EngineProcess(Environment.ProcessPath!, [BundleHost.EngineRole]), request, here);
    }

    private EngineRequest NewRequest(string assembly, string startupAssembly, string projectDir, string? rootNamespace) => new()
    {
        Command = Verb,
        Assembly = assembly,
        StartupAssembly = startupAssembly,
        ProjectDir = projectDir,
        RootNamespace = rootNamespace,
        Context = Parse.GetValue(CommonOptions.Context),
        Environment = ChangeOptions.EnvironmentName(Parse),
        Verbose = Out.IsVerbose,
        Yes = Parse.GetValue(CommonOptions.Yes),
    };

    /// <summary>Reads the result as the protocol's result type.</summary>
    protected static T Read<T>(JsonElement result) => result.Deserialize<T>(ProtocolJson.Compact)!;
}
