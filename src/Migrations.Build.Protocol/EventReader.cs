using System.Text.Json;

namespace Migrations.Build.Protocol;

/// <summary>Reads one line of the engine's event stream.</summary>
public static class EventReader
{
    /// <summary>
    /// Parses a line. A line that is not an event (e.g. written by native code in the user's app
    /// straight to the stdout handle) becomes a verbose log line rather than an error, so it is
    /// never lost but never breaks the run either.
    /// </summary>
    public static EngineEvent Parse(string line)
    {
        if (line.StartsWith('{'))
        {
            try
            {
                var e = JsonSerializer.Deserialize<EngineEvent>(line, ProtocolJson.Compact);
                if (e?.Type is not null)
                {
                    return e;
                }
            }
            catch (JsonException)
            {
            }
        }

        return new EngineEvent { Type = EngineEvent.Log, Level = LogLevels.Verbose, Message = line };
    }
}
