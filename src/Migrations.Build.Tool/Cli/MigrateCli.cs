using System.CommandLine;
using Migrations.Build.Protocol;
using Migrations.Build.Tool.Commands;

namespace Migrations.Build.Tool.Cli;

/// <summary>The <c>dotnet migrate</c> command line: every verb, and the contract's exit code for bad usage.</summary>
internal static class MigrateCli
{
    public static RootCommand Create()
    {
        var root = new RootCommand(
            "dotnet migrate: safe EF Core migrations. Moves a database between migrations (upgrade, downgrade, stamp), "
            + "tells where it is (current, history), writes migrations (revision) and checks that model, migrations "
            + "and database agree (check), and that pending migrations are safe (lint, lock).\n\n"
            + "Exit codes: 0 done/clean, 1 the check found something, 2 bad input, "
            + "3 database error, 4 refused, 130 interrupted (Ctrl+C).");
        foreach (var command in new[]
        {
            UpgradeCommand.Create(), DowngradeCommand.Create(), CurrentCommand.Create(), HistoryCommand.Create(),
            RevisionCommand.Create(), RebaseCommand.Create(), SquashCommand.Create(), BundleCommand.Create(), CheckCommand.Create(),
            LintCommand.Create(), LockCommand.Create(),
            ValidateCommand.Create(), StampCommand.Create(),
            BackupCommand.Create(), BackupFilesCommands.ListBackups(), BackupFilesCommands.ShowBackup(), RestoreCommand.Create(), RollbackCommand.Create(),
            PruneBackupsCommand.Create(), ResetDevCommand.Create(), TestCommand.Create(), ProdCheckCommand.Create(),
        })
        {
            root.Subcommands.Add(command);
        }

        if (Bundling.BundleManifest.Current is { } bundle)
        {
            Bundling.BundleCli.Shape(root, bundle);
        }

        return root;
    }

    public static int Run(string[] args)
    {
        var root = Create();
        var parse = root.Parse(args);
        Rendering.Output.Secrets = SecretScrubber.FromEnvironment(GivenConnection(args));
        var audit = new CommandAudit(args, parse);
        Running.Interrupts.Terminating = () => audit.Write(ExitCodes.Interrupted, "interrupted (Ctrl+C or SIGTERM) while the engine was not running");
        Running.Interrupts.Trap();
        try
        {
            var exitCode = parse.CommandResult.Command == root && IsHelp(args) ? Help(root) : Invoke(args, parse);
            audit.Write(exitCode, CommandAudit.LastError);
            return exitCode;
        }
        finally
        {
            Running.Interrupts.Release();
        }
    }

    private static int Invoke(string[] args, ParseResult parse)
    {
        if (parse.Errors.Count > 0 && !IsHelp(args))
        {
            foreach (var error in parse.Errors)
            {
                Console.Error.WriteLine($"error: {Rendering.Output.Secrets.Scrub(error.Message)}");
            }

            foreach (var suggestion in Suggestions.For(parse, args))
            {
                Console.Error.WriteLine(Rendering.Output.Secrets.Scrub(suggestion));
            }

            CommandAudit.LastError = string.Join(" ", parse.Errors.Select(e => e.Message));

            var name = parse.CommandResult.Command.Name;
            Console.Error.WriteLine($"Run '{Name} {(parse.CommandResult.Command is RootCommand ? string.Empty : name + " ")}--help' for usage.");
            if (args.Contains("--json"))
            {
                new Rendering.Output(json: true, verbose: false).FailureDocument(ExitCodes.Usage, string.Join(" ", parse.Errors.Select(e => e.Message)));
            }

            return ExitCodes.Usage;
        }

        if (IsHelp(args))
        {
            // A command's help names the tool as its executable (dotnet-migrate); people type dotnet migrate.
            var help = new StringWriter();
            var code = parse.Invoke(new InvocationConfiguration { Output = help });
            Console.Out.Write(help.ToString().Replace("dotnet-migrate ", Name + " ", StringComparison.Ordinal));
            return code;
        }

        return parse.Invoke();
    }

    /// <summary>How people run this command line: the tool, or a bundle by its file name.</summary>
    public static string Name => Bundling.BundleManifest.Current is null ? "dotnet migrate" : Bundling.BundleCli.Name;

    /// <summary>The value of --connection read from the arguments themselves: known even when the rest doesn't parse.</summary>
    private static string? GivenConnection(string[] args)
    {
        var at = Array.LastIndexOf(args, "--connection");
        return at >= 0 && at + 1 < args.Length ? args[at + 1]
            : args.LastOrDefault(a => a.StartsWith("--connection=", StringComparison.Ordinal)
                || a.StartsWith("--connection:", StringComparison.Ordinal))?["--connection=".Length..];
    }

    private static int Help(RootCommand root)
    {
        RootHelp.Write(root, Console.Out);
        return ExitCodes.Success;
    }

    private static bool IsHelp(string[] args) => args.Any(a => a is "-h" or "--help" or "-?");
}
