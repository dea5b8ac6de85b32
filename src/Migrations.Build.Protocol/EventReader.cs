using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Migrations.Build.Protocol;

/// <summary>Reads one line of the engine's event stream.</summary>
public static class EventReader
{
    /// <summary>
    /// Parses a line as an event. A line that is not one was written by the user's app, a library or
    /// the runtime straight to stdout (a host's console logger, native code): the caller keeps it as
    /// the app's output, never lost but never breaking the run either.
    /// </summary>
    public static bool TryParse(string line, [NotNullWhen(true)] out EngineEvent? e)
    {
        e = null;
        if (line.StartsWith('{'))
        {
            try
            {
                e = JsonSerializer.Deserialize<EngineEvent>(line, ProtocolJson.Compact);
            }
            catch (JsonException)
            {
            }
        }

        if (e?.Type is null)
        {
            e = null;
            return false;
        }

        return true;
    }
}
