using System.Security.Cryptography;
using System.Text;
using Migrations.Build.Protocol;

namespace Migrations.Build.Tasks;

/// <summary>
/// What the build gate's last passing check saw, in obj/.../migrations.check.stamp: what it was asked
/// (a hash of the context, environment, integrity file setting, table size limit and connection
/// given), the app as its model sees it (<see cref="Fingerprint.GateFingerprint"/>), the integrity
/// files it read (each one's SHA-256, or that it didn't exist), and the warnings and messages it
/// reported. While all of these are the same, a build replays what it reported instead of starting
/// the engine (an edit to code the model can't depend on included), so a skipped check never hides
/// what the last one found (MIG002 pending, findings). A command that moves the database deletes
/// the stamp; so does a failing check.
/// </summary>
internal sealed record CheckStamp
{
    public string Request { get; init; } = string.Empty;

    /// <summary>The app as its model sees it, when the check ran (<see cref="Fingerprint.GateFingerprint"/>).</summary>
    public Fingerprint.GateFingerprint.Result? Fingerprint { get; init; }

    /// <summary>Each integrity file the check read (one per context), with its SHA-256 then; null: it didn't exist.</summary>
    public IReadOnlyDictionary<string, string?> LockFiles { get; init; } = new Dictionary<string, string?>();

    public IReadOnlyList<EngineEvent> Diagnostics { get; init; } = [];

    /// <summary>A key over what the check was asked, without the connection string itself.</summary>
    public static string RequestKey(params string?[] parts)
        => Hex.Lower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n", parts.Select(p => p ?? string.Empty)))));

    /// <summary>The SHA-256 of the integrity file at <paramref name="path"/>; null when it doesn't exist.</summary>
    public static string? HashOf(string path)
        => path.Length > 0 && File.Exists(path) ? Hex.Lower(SHA256.HashData(File.ReadAllBytes(path))) : null;

    /// <summary>The stamp at <paramref name="path"/>, whatever it says; null when there is none or it can't be read.</summary>
    public static CheckStamp? Read(string path)
    {
        try
        {
            return File.Exists(path) ? CheckStampJson.Read(File.ReadAllText(path)) : null;
        }
        catch (Exception e) when (KeptJson.Unreadable(e) || e is IOException or UnauthorizedAccessException)
        {
            return null; // an older version's stamp, one cut short, or another build's at work: check again
        }
    }

    /// <summary>
    /// This stamp, when it still tells the truth about this request, the app's <paramref name="fingerprint"/> and the integrity file; else null.
    /// </summary>
    public CheckStamp? IfCurrent(string request, string fingerprint)
    {
        try
        {
            return Request == request
                && Fingerprint?.Value == fingerprint
                && LockFiles.Count > 0
                && LockFiles.All(f => HashOf(f.Key) == f.Value) // edited, created or deleted: check again
                ? this
                : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Written aside, then moved, so a build running at the same time reads the old stamp or the new one.</summary>
    public void Write(string path)
    {
        var temp = $"{path}.{System.Diagnostics.Process.GetCurrentProcess().Id}.tmp";
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(temp, CheckStampJson.Write(this));
            File.Move(temp, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Not kept this time: the next build checks again.
        }
    }

    public static void Delete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }
}
