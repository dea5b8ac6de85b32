using System.Security.Cryptography;

namespace Migrations.Build.Protocol;

/// <summary>
/// The files, beside the app's own code, that a model or its migrations can depend on: the other
/// assemblies in the app's output folders, and the data and configuration an app may read while its
/// model is built (appsettings, seed data, SQL a migration reads, user secrets) in its output folders
/// and its project folder. The engine's check cache and the build gate's stamp both key on them.
/// </summary>
public static class ModelInputFiles
{
    private static readonly HashSet<string> Data = new(StringComparer.OrdinalIgnoreCase)
        { ".json", ".csv", ".tsv", ".xml", ".yaml", ".yml", ".ini", ".env", ".config", ".sql" };

    // Build output, packages and our own backups: nothing a model is read from, and they change all the time.
    private static readonly HashSet<string> Skipped = new(StringComparer.OrdinalIgnoreCase) { "bin", "obj", "node_modules",
        Backups.BackupFormat.DefaultFolder };

    /// <summary>Above this size a file is known by its size and time rather than its content.</summary>
    private const long HashedUpTo = 1 << 20;

    public const string UserSecretsAttribute = "Microsoft.Extensions.Configuration.UserSecrets.UserSecretsIdAttribute";

    /// <param name="outputFolders">The folders of the app's assemblies: everything in them, assemblies too.</param>
    /// <param name="projectDir">The project's folder: its data files, outside build output.</param>
    /// <param name="runningDir">Where the engine runs (a host's content root): its data files, when another folder.</param>
    /// <param name="userSecretsId">The app's user secrets id, when it has one (a host loads them in Development).</param>
    /// <param name="assemblies">
    /// The output folders' assemblies too. The build gate leaves them out: the app's own are in its model
    /// fingerprint, the packages' versions in its .deps.json, and tools rewrite the rest (dotnet ef's build hosts).
    /// </param>
    public static IEnumerable<string> Of(IEnumerable<string> outputFolders, string projectDir, string runningDir, string? userSecretsId, bool assemblies = true)
    {
        var files = outputFolders.Distinct(StringComparer.Ordinal)
            .SelectMany(folder => Walk(folder, f => Data.Contains(Path.GetExtension(f)) || (assemblies && Path.GetExtension(f) == ".dll"),
                skip: new HashSet<string>()))
            .Concat(Walk(projectDir, f => Data.Contains(Path.GetExtension(f)), Skipped));
        if (!runningDir.Equals(projectDir, StringComparison.Ordinal) && Directory.Exists(runningDir))
        {
            files = files.Concat(Directory.EnumerateFiles(runningDir).Where(f => Data.Contains(Path.GetExtension(f))));
        }

        if (userSecretsId is { Length: > 0 })
        {
            var root = OperatingSystem.IsWindows()
                ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData), "Microsoft", "UserSecrets")
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".microsoft", "usersecrets");
            files = files.Append(Path.Combine(root, userSecretsId, "secrets.json"));
        }

        return files.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
    }

    /// <summary>
    /// What a file is now: a data file by its content (copied again unchanged, it is the same), an
    /// assembly or a large file by its size and time; "-" when it isn't there (also when it went while looked at).
    /// </summary>
    public static string Stamp(string file)
    {
        try
        {
            var info = new FileInfo(file);
            if (!info.Exists)
            {
                return "-";
            }

            return info.Length > HashedUpTo || info.Extension.Equals(".dll", StringComparison.OrdinalIgnoreCase)
                ? $"{info.Length}|{info.LastWriteTimeUtc.Ticks}"
                : Hex.Lower(SHA256.HashData(File.ReadAllBytes(file)));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "-";
        }
    }

    private static IEnumerable<string> Walk(string folder, Func<string, bool> wanted, IReadOnlySet<string> skip)
    {
        var pending = new Stack<string>([folder]);
        while (pending.TryPop(out var at))
        {
            string[] files, folders;
            try
            {
                (files, folders) = (Directory.GetFiles(at), Directory.GetDirectories(at));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue; // gone or unreadable: nothing the app could read either
            }

            foreach (var file in files.Where(wanted))
            {
                yield return file;
            }

            foreach (var sub in folders.Where(d => !skip.Contains(Path.GetFileName(d)) && !Path.GetFileName(d).StartsWith('.')))
            {
                pending.Push(sub);
            }
        }
    }
}
