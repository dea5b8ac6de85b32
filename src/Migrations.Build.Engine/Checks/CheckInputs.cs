using System.Reflection;
using Migrations.Build.Protocol;
using Migrations.Build.Protocol.Backups;

namespace Migrations.Build.Engine.Checks;

/// <summary>
/// The files, beside the project's C# files, that what a check computes from the code can depend
/// on: the app's assemblies, and the data and configuration an app may read while its model or its
/// migrations are built (appsettings, seed data files, SQL a migration reads, user secrets), in its
/// output folders and its project folder. <see cref="CheckCache"/> keys on their sizes and times.
/// </summary>
internal static class CheckInputs
{
    private static readonly HashSet<string> Data = new(StringComparer.OrdinalIgnoreCase)
        { ".json", ".csv", ".tsv", ".xml", ".yaml", ".yml", ".ini", ".env", ".config", ".sql" };

    // Build output, packages and our own backups: nothing a model is read from, and they change all the time.
    private static readonly HashSet<string> Skipped = new(StringComparer.OrdinalIgnoreCase) { "bin", "obj", "node_modules", BackupFormat.DefaultFolder };

    private const string UserSecretsAttribute = "Microsoft.Extensions.Configuration.UserSecrets.UserSecretsIdAttribute";

    public static IEnumerable<string> Of(EngineRequest request, Assembly startup)
    {
        var output = new[] { request.Assembly, request.StartupAssembly }.Select(Path.GetDirectoryName).OfType<string>().Distinct();
        var files = output.SelectMany(folder => Walk(folder, f => Data.Contains(Path.GetExtension(f)) || Path.GetExtension(f) == ".dll", skip: new HashSet<string>()))
            .Concat(Walk(request.ProjectDir, f => Data.Contains(Path.GetExtension(f)), Skipped));

        // The engine runs in the startup project's folder, a host's content root: its configuration counts too.
        var here = Environment.CurrentDirectory;
        if (!here.Equals(request.ProjectDir, StringComparison.Ordinal))
        {
            files = files.Concat(Directory.EnumerateFiles(here).Where(f => Data.Contains(Path.GetExtension(f))));
        }

        return files.Concat(UserSecrets(startup)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
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

    /// <summary>The app's user secrets file (a host loads it in Development), when the app has an id for one.</summary>
    private static IEnumerable<string> UserSecrets(Assembly startup)
    {
        var id = startup.GetCustomAttributesData().FirstOrDefault(a => a.AttributeType.FullName == UserSecretsAttribute)?.ConstructorArguments
            .Select(a => a.Value).OfType<string>().FirstOrDefault();
        if (id is null)
        {
            yield break;
        }

        var root = OperatingSystem.IsWindows()
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData), "Microsoft", "UserSecrets")
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".microsoft", "usersecrets");
        yield return Path.Combine(root, id, "secrets.json");
    }
}
