using System.CommandLine;
using Migrations.Build.Protocol;
using Migrations.Build.Tool.Cli;

namespace Migrations.Build.Tool.Bundling;

/// <summary>
/// The command line of a bundle: the tool's commands that need no source, with the same options,
/// exit codes and output, less the options that name and build a project. A command that needs the
/// source (revision, check, lint...) is still known, to say where to run it instead.
/// </summary>
internal static class BundleCli
{
    public static readonly IReadOnlySet<string> Runs = new HashSet<string>(StringComparer.Ordinal)
    {
        EngineVerbs.Upgrade, EngineVerbs.Downgrade, EngineVerbs.Current, EngineVerbs.History, EngineVerbs.Validate, EngineVerbs.Stamp,
        EngineVerbs.Backup, "list-backups", "show-backup", EngineVerbs.Restore, EngineVerbs.Rollback, "prune-backups", EngineVerbs.ProdCheck,
    };

    private static readonly Option[] ProjectOptions =
        [CommonOptions.Project, CommonOptions.StartupProject, CommonOptions.Configuration, CommonOptions.Framework, CommonOptions.NoBuild];

    /// <summary>How the bundle is run, for help and hints: its own file name.</summary>
    public static string Name => Path.GetFileName(Environment.ProcessPath) is { Length: > 0 } file ? file : "migrate";

    public static void Shape(RootCommand root, BundleManifest bundle)
    {
        root.Description = $"A migration bundle for {bundle.App}: moves its database between the migrations it holds (upgrade, downgrade, stamp), "
            + "tells where it is (current, history), checks a deploy (validate, prod-check) and keeps backups (backup, rollback, restore), "
            + "without the .NET SDK or the source.\n\nExit codes: 0 done/clean, 1 the check found something, 2 bad input, "
            + "3 database error, 4 refused, 130 interrupted (Ctrl+C).";
        foreach (var command in root.Subcommands.ToList())
        {
            if (Runs.Contains(command.Name))
            {
                foreach (var option in ProjectOptions)
                {
                    command.Options.Remove(option);
                }

                continue;
            }

            root.Subcommands.Remove(command);
            root.Subcommands.Add(NeedsSource(command.Name));
        }
    }

    /// <summary>What the bundle holds, for its --help.</summary>
    public static void WriteContents(BundleManifest bundle, TextWriter output)
    {
        output.WriteLine("Bundle:");
        output.WriteLine($"  App:       {bundle.App} ({bundle.TargetFramework}), migrations in {Path.GetFileNameWithoutExtension(bundle.Assembly)}");
        output.WriteLine($"  EF Core:   {bundle.EFCore}");
        foreach (var context in bundle.Contexts)
        {
            var head = context.Migrations.Count > 0 ? $", head {context.Migrations[^1]}" : string.Empty;
            output.WriteLine($"  Context:   {context.Name}: {context.Migrations.Count} migration{(context.Migrations.Count == 1 ? string.Empty : "s")}{head}");
        }

        output.WriteLine($"  Made:      {bundle.Built:yyyy-MM-dd HH:mm} UTC by Migrations.Build {bundle.Version}");
        output.WriteLine();
    }

    private static Command NeedsSource(string name)
    {
        var command = new Command(name) { Hidden = true, TreatUnmatchedTokensAsErrors = false };
        command.SetAction(_ =>
        {
            var message = $"{name} needs the project's source and the .NET SDK, which a bundle doesn't carry: run dotnet migrate {name} where the project is.";
            CommandAudit.LastError = message;
            Console.Error.WriteLine($"error: {message}");
            return ExitCodes.Usage;
        });
        return command;
    }
}
