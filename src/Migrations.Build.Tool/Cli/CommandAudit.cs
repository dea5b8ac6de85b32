using System.CommandLine;
using System.Diagnostics;
using Migrations.Build.Protocol.Audit;
using Migrations.Build.Tool.Projects;

namespace Migrations.Build.Tool.Cli;

/// <summary>
/// Writes the audit line of one <c>dotnet migrate</c> run: when it ends, however it ends (a failure,
/// a usage error, Ctrl+C). The log lives beside the backups: in the folder that holds --backup-dir,
/// else in the project's folder (which holds migrations-backups/), else in the current folder.
/// </summary>
internal sealed class CommandAudit
{
    private readonly Stopwatch _watch = Stopwatch.StartNew();
    private readonly string[] _args;
    private readonly ParseResult _parse;
    private int _written;

    public CommandAudit(string[] args, ParseResult parse)
    {
        _args = args;
        _parse = parse;
    }

    /// <summary>The last error the command printed, for the audit line.</summary>
    public static string? LastError { get; set; }

    /// <summary>The warnings the command printed, for the audit line.</summary>
    public static List<string> Warnings { get; } = [];

    public void Write(int exitCode, string? error)
    {
        if (Interlocked.Exchange(ref _written, 1) == 1 || IsHelp())
        {
            return;
        }

        var command = _parse.CommandResult.Command;
        var path = AuditLog.PathFor(ProjectFolder());
        if (path is null)
        {
            return;
        }

        var entry = AuditLog.Entry(command is RootCommand ? "(none)" : command.Name, _args, ChangeOptions.EnvironmentName(_parse), exitCode, error,
            _watch.Elapsed, Rendering.Output.Secrets, Warnings);
        if (AuditLog.Append(path, entry) is { } problem)
        {
            Console.Error.WriteLine($"warning: {Rendering.Output.Secrets.Scrub(problem)}");
        }
    }

    private bool IsHelp() => _args.Any(a => a is "-h" or "--help" or "-?" or "--version");

    private string ProjectFolder()
    {
        if (Value(BackupFolder.Option) is { Length: > 0 } backups)
        {
            return Path.GetDirectoryName(Path.GetFullPath(backups).TrimEnd(Path.DirectorySeparatorChar)) ?? Directory.GetCurrentDirectory();
        }

        try
        {
            return ProjectLocator.FolderOf(Value(CommonOptions.Project));
        }
        catch (ToolException)
        {
            return Directory.GetCurrentDirectory();
        }
    }

    private string? Value(Option<string?> option) => _parse.GetResult(option) is { } result ? result.GetValueOrDefault<string?>() : null;
}
