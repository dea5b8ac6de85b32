using System.Data.Common;
using Migrations.Build.Engine.Loading;
using Migrations.Build.Protocol;
using Microsoft.EntityFrameworkCore.Design;

namespace Migrations.Build.Engine;

/// <summary>The engine's entry: sets up the event stream, parses the request, runs one command.</summary>
public static class EngineHost
{
    public static int Run(string[] args)
    {
        // stdout belongs to the event stream; anything the user's app prints goes to stderr.
        var protocolOut = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = true };
        Console.SetOut(Console.Error);
        var events = new EventWriter(protocolOut);

        EngineRequest request;
        try
        {
            request = EngineRequest.Parse(args);
        }
        catch (ArgumentException e)
        {
            events.Failure(ExitCodes.Usage, e.Message);
            return ExitCodes.Usage;
        }

        AssemblyResolver.AddPaths(request.AssemblyPaths);
        // What the app's host (and MigrationEnvironment in migration code) reads: the one asked for, else
        // what the caller's environment says, else Development, as EF Core's design-time tools do.
        var environment = request.Environment is { Length: > 0 } asked ? asked : ProductionEnvironments.FromVariables() ?? "Development";
        Environment.SetEnvironmentVariable("ASPNETCORE_ENVIRONMENT", environment);
        Environment.SetEnvironmentVariable("DOTNET_ENVIRONMENT", environment);

        return RunCommand(request, events);
    }

    private static int RunCommand(EngineRequest request, EventWriter events)
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
                events.Log(LogLevels.Verbose, $"timing: engine start {(DateTime.Now - System.Diagnostics.Process.GetCurrentProcess().StartTime).TotalMilliseconds:0} ms");
            }

            using var interruption = EngineCommands.Interruptible.Contains(request.Command) ? Concurrency.Interruption.Trap(events) : Concurrency.Interruption.None();
            using var session = new EngineSession(request, events, interruption);
            var exitCode = command(session);
            if (request.Verbose)
            {
                // Where a run's time goes that no step shows: compiling code (the app's too) and collecting garbage.
                events.Log(LogLevels.Verbose, $"timing: JIT {System.Runtime.JitInfo.GetCompiledMethodCount()} method(s) in {System.Runtime.JitInfo.GetCompilationTime().TotalMilliseconds:0} ms; "
                    + $"GC {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)} collections (gen 0/1/2), paused {GC.GetTotalPauseDuration().TotalMilliseconds:0} ms");
            }

            return exitCode;
        }
        catch (Exception e)
        {
            var (exitCode, message) = Classify(e);
            if (request.Verbose || exitCode == ExitCodes.Usage && e is not EngineException and not OperationException)
            {
                events.Log(LogLevels.Verbose, e.ToString());
            }

            events.Failure(exitCode, message);
            return exitCode;
        }
    }

    /// <summary>Maps an exception to the contract's exit code and a message a user can act on.</summary>
    internal static (int ExitCode, string Message) Classify(Exception e)
    {
        var root = e;
        while (root is System.Reflection.TargetInvocationException { InnerException: not null } or AggregateException { InnerException: not null })
        {
            root = root.InnerException!;
        }

        return root switch
        {
            EngineException ee => (ee.ExitCode, ee.Message),
            OperationException oe => (ExitCodes.Usage, oe.Message),
            AggregateException { InnerException: { } inner } => Classify(inner),
            TimeoutException => (ExitCodes.Database, root.Message),
            DbException => (ExitCodes.Database, DatabaseMessage(root)),
            _ when FindInner<DbException>(root) is { } db => (ExitCodes.Database, DatabaseMessage(db)),
            _ => (ExitCodes.Usage, $"{root.GetType().Name}: {root.Message}"),
        };
    }

    private static string DatabaseMessage(Exception e)
        => $"The database failed: {e.Message} Check that the database server is running and the connection "
           + "string is right (--connection, or the app's configuration).";

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
