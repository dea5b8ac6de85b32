using Migrations.Build.Protocol;
using Microsoft.EntityFrameworkCore.Design.Internal;

namespace Migrations.Build.Engine.Loading;

/// <summary>
/// Routes EF Core's design-time messages into the event stream. EF Core's information messages
/// (which context, which factory, "Applying migration...") repeat what our own progress says, so
/// they are verbose; its debug chatter (every command, every connection) is kept out unless
/// MIGRATIONS_TRACE is set, so that --verbose stays readable. Its errors are verbose too: they are
/// its log (a context registered in the app's host logs through here), where a harmless
/// "error occurred using the connection" precedes every CREATE DATABASE; what really fails reaches
/// us as an exception and is reported, coded, by the engine.
/// </summary>
internal sealed class EventReporter(EventWriter events) : IOperationReporter
{
    private static readonly bool Trace = Environment.GetEnvironmentVariable("MIGRATIONS_TRACE") is { Length: > 0 } and not "0";

    public void WriteError(string message) => events.Log(LogLevels.Verbose, message);

    public void WriteWarning(string message) => events.Log(LogLevels.Warning, message);

    public void WriteInformation(string message) => events.Log(LogLevels.Verbose, message);

    public void WriteVerbose(string message)
    {
        if (Trace)
        {
            events.Log(LogLevels.Verbose, message);
        }
    }
}
