namespace Migrations.Build.Protocol;

/// <summary>
/// What the engine's process wrote outside the event stream, kept for a failure the engine itself
/// could not report: the runtime's "framework not found", an unhandled exception. Their first lines
/// say why, so the first ones are kept.
/// </summary>
public sealed class StartupOutput
{
    private const int Kept = 6;
    private readonly List<string> _lines = [];

    public void Add(string line)
    {
        lock (_lines)
        {
            if (_lines.Count < Kept && line.Trim().Length > 0)
            {
                _lines.Add(line.Trim());
            }
        }
    }

    public string Summary(string separator)
    {
        lock (_lines)
        {
            return _lines.Count == 0 ? "(nothing)" : string.Join(separator, _lines);
        }
    }

    /// <summary>The message of a failure with no event: the exit code, what the process said, and what to check.</summary>
    public string Failure(int exitCode, string separator)
        => $"The migrations engine stopped with exit code {exitCode} before it could say why; it wrote: {Summary(separator)}\n"
           + "Rebuild the app and check that its runtime and EF Core packages are installed (dotnet --list-runtimes, dotnet list package).";
}
