using System.Data.Common;
using Migrations.Build.Engine.Loading;
using Migrations.Build.Protocol;
using Migrations.Build.Protocol.Backups;
using Microsoft.EntityFrameworkCore.Design;

namespace Migrations.Build.Engine;

/// <summary>The engine's entry: sets up the event stream, parses the request, runs one command.</summary>
public static class EngineHost
{
    public static int Run(string[] args)
    {
        // stdout belongs to the event stream; anything the user's app prints goes to stderr.
        var protocolOut = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = true };
        var secrets = SecretScrubber.FromEnvironment();
        var console = new ScrubbingWriter(Console.Error, secrets);
        Console.SetOut(console);
        Console.SetError(console);
        var events = new EventWriter(protocolOut, secrets);
        try
        {
            return Run(args, events);
        }
        catch (Exception e) when (e is FileNotFoundException or FileLoadException or TypeLoadException or MissingMemberException)
        {
            // The app's runtime lacks (or has another shape of) an assembly this engine was built against:
            // thrown where a method that uses it is compiled, before any command could catch it.
            var (code, fix) = e.Message.Contains("Microsoft.EntityFrameworkCore.Design", StringComparison.Ordinal)
                ? (SetupCodes.DesignMissing, "Add Microsoft.EntityFrameworkCore.Design to the app at its EF Core version, then rebuild.")
                : (SetupCodes.EngineNotStarted, "Rebuild the app, and check that its EF Core packages share one version "
                    + "(dotnet list package --include-transitive).");
            events.Failure(ExitCodes.Usage, $"The engine could not load in the app's runtime: {e.GetType().Name}: {e.Message}\n{fix}", code);
            return ExitCodes.Usage;
        }
    }

    private static int Run(string[] args, EventWriter events)
    {
        EngineRequest request;
        try
        {
            request = EngineRequest.Parse(args);
        }
        catch (ArgumentException e)
        {
            // A caller of another version can't be served at all: the engine didn't start its work.
            events.Failure(ExitCodes.Usage, e.Message, e is ProtocolMismatchException ? SetupCodes.EngineNotStarted : SetupCodes.EngineFailed);
            return ExitCodes.Usage;
        }

        AssemblyResolver.AddPaths(request.AssemblyPaths);
        // What the app's host (and MigrationEnvironment in migration code) reads: the one asked for, else
        // what the caller's environment says, else Development, as EF Core's design-time tools do.
        var environment = request.Environment is { Length: > 0 } asked ? asked : ProductionEnvironments.FromVariables() ?? "Development";
        Environment.SetEnvironmentVariable("ASPNETCORE_ENVIRONMENT", environment);
        Environment.SetEnvironmentVariable("DOTNET_ENVIRONMENT", environment);

        return request.Fleet ? RunFleet(request, events) : RunCommand(request, events);
    }

    /// <summary>
    /// A fleet's worker: each line of stdin is a database's connection string, run as a run of its own
    /// would be (the connection where a single run finds it, its secrets scrubbed), then an end event;
    /// the caller closes stdin when the list, or its patience (Ctrl+C), is done.
    /// </summary>
    private static int RunFleet(EngineRequest request, EventWriter events)
    {
        using var input = new StreamReader(Console.OpenStandardInput(), new System.Text.UTF8Encoding(false));
        while (input.ReadLine() is { Length: > 0 } connection)
        {
            events.Secrets.Add(connection);
            Environment.SetEnvironmentVariable(EngineRequest.ConnectionVariable, connection);
            events.End(RunCommand(request, events));
        }

        return ExitCodes.Success;
    }

    /// <summary>
    /// Runs the command once per context (<see cref="ContextSet"/>), each in its own session, its
    /// messages naming it when there are several. Every context is checked even when one fails; an
    /// upgrade stops at the first that fails, as a later one's data may depend on it.
    /// </summary>
    private static int RunCommand(EngineRequest request, EventWriter events)
    {
        IReadOnlyList<string?> contexts;
        try
        {
            contexts = ContextSet.Of(request);
        }
        catch (Exception e)
        {
            return Report(request, events, e);
        }

        if (contexts.Count == 1)
        {
            return RunOne(request with { Context = contexts[0] }, events);
        }

        var worst = ExitCodes.Success;
        foreach (var context in contexts)
        {
            events.Scope = context;
            var exitCode = RunOne(request with { Context = context, OutputFile = OutputOf(request.OutputFile, context!) }, events);
            worst = Math.Max(worst, exitCode);
            if (exitCode != ExitCodes.Success && request.Command == EngineVerbs.Upgrade && !request.Sql)
            {
                break;
            }
        }

        events.Scope = null;
        return worst;
    }

    /// <summary>One file per context where a run writes one: migrations.sql becomes migrations.OrdersDb.sql.</summary>
    private static string? OutputOf(string? file, string context)
        => file is null ? null
            : Path.Combine(Path.GetDirectoryName(file) ?? string.Empty, $"{Path.GetFileNameWithoutExtension(file)}.{context}{Path.GetExtension(file)}");

    private static int RunOne(EngineRequest request, EventWriter events)
    {
        try
        {
            if (!EngineCommands.All.TryGetValue(request.Command, out var command))
            {
                throw new EngineException(
                    $"The engine has no command '{request.Command}'. Known: {string.Join(", ", EngineCommands.All.Keys)}.");
            }

            if (request.Verbose)
            {
                events.Log(LogLevels.Verbose, "timing: engine start "
                    + $"{(DateTime.Now - System.Diagnostics.Process.GetCurrentProcess().StartTime).TotalMilliseconds:0} ms");
            }

            BackupInputs.Check(request);
            if (EngineCommands.MovesDatabase.Contains(request.Command) && !request.Sql)
            {
                // Before the change, so that even one that fails half way makes the next build check again.
                ForgetBuildChecks(request, events);
            }

            using var interruption = EngineCommands.Interruptible.Contains(request.Command) ? Concurrency.Interruption.Trap(events)
                : Concurrency.Interruption.None();
            using var session = new EngineSession(request, events, interruption);
            var exitCode = command(session);
            if (request.Verbose)
            {
                // Where a run's time goes that no step shows: compiling code (the app's too) and collecting garbage.
                events.Log(LogLevels.Verbose, $"timing: JIT {System.Runtime.JitInfo.GetCompiledMethodCount()} method(s) "
                    + $"in {System.Runtime.JitInfo.GetCompilationTime().TotalMilliseconds:0} ms; "
                    + $"GC {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)} collections (gen 0/1/2), "
                    + $"paused {GC.GetTotalPauseDuration().TotalMilliseconds:0} ms");
            }

            return exitCode;
        }
        catch (Exception e)
        {
            return Report(request, events, e);
        }
    }

    /// <summary>
    /// Deletes the build gate's stamps: the one the caller named and those of the project's other
    /// configurations and frameworks under obj/, so no build repeats a check of the database as it was.
    /// </summary>
    private static void ForgetBuildChecks(EngineRequest request, EventWriter events)
    {
        var obj = Path.Combine(request.ProjectDir, "obj");
        var stamps = Directory.Exists(obj) ? Directory.EnumerateFiles(obj, "migrations.check.stamp", SearchOption.AllDirectories).ToList() : [];
        foreach (var stamp in stamps.Append(request.CheckStamp).OfType<string>().Where(s => s.Length > 0).Distinct(StringComparer.Ordinal))
        {
            try
            {
                File.Delete(stamp);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                events.Log(LogLevels.Warning, $"The build's check stamp {stamp} could not be deleted ({e.Message}): the next build may repeat the last check; "
                    + "-t:MigrationsCheck checks again.");
            }
        }
    }

    private static int Report(EngineRequest request, EventWriter events, Exception e)
    {
        var (exitCode, message, code) = Classify(e);
        if (request.Verbose || exitCode == ExitCodes.Usage && e is not EngineException and not OperationException and not BackupKeyException)
        {
            events.Log(LogLevels.Verbose, e.ToString());
        }

        events.Failure(exitCode, message, code);
        return exitCode;
    }

    /// <summary>Maps an exception to the contract's exit code and a message a user can act on.</summary>
    internal static (int ExitCode, string Message, string Code) Classify(Exception e)
    {
        var root = e;
        while (root is System.Reflection.TargetInvocationException { InnerException: not null } or AggregateException { InnerException: not null })
        {
            root = root.InnerException!;
        }

        return root switch
        {
            EngineException ee => (ee.ExitCode, ee.Message, ee.Code ?? CodeOf(ee.ExitCode)),
            OperationException oe => (ExitCodes.Usage, oe.Message, SetupCodes.EngineFailed),
            BackupKeyException ke => (ExitCodes.Usage, ke.Message, SetupCodes.EngineFailed),
            AggregateException { InnerException: { } inner } => Classify(inner),
            TimeoutException => (ExitCodes.Database, root.Message, SetupCodes.DatabaseUnreachable),
            DbException => (ExitCodes.Database, DatabaseHints.Message(root), SetupCodes.DatabaseUnreachable),
            _ when FindInner<DbException>(root) is { } db => (ExitCodes.Database, DatabaseHints.Message(db), SetupCodes.DatabaseUnreachable),
            _ => (ExitCodes.Usage, $"{root.GetType().Name}: {root.Message}", SetupCodes.EngineFailed),
        };
    }

    private static string CodeOf(int exitCode) => exitCode == ExitCodes.Database ? SetupCodes.DatabaseUnreachable : SetupCodes.EngineFailed;

    private static T? FindInner<T>(Exception e) where T : Exception
    {
        for (var x = e.InnerException; x is not null; x = x.InnerException)
        {
            if (x is T match)
            {
                return match;
            }
        }

        return null;
    }
}
