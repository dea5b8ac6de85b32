using System.CommandLine;
using System.Text.Json;
using Migrations.Build.Protocol;
using Migrations.Build.Protocol.Backups;
using Migrations.Build.Protocol.Results;
using Migrations.Build.Tool.Cli;
using Spectre.Console;

namespace Migrations.Build.Tool.Commands;

/// <summary><c>backup [--name n] [--tables t...] [--compress]</c>: a streamed JSON backup of the model's tables.</summary>
internal sealed class BackupCommand(ParseResult parse) : ProjectCommand(parse)
{
    private static readonly Option<string?> Name = new("--name")
    {
        Description = "The backup's name (letters, digits, '-' and '_'); the file is <name>_yyyyMMdd_HHmmss.json. Default: backup.",
    };

    private static readonly Option<bool> Compress = new("--compress")
    {
        Description = $"Gzip the backup (.json.gz). When {BackupStreams.KeyVariable} is set the backup is also encrypted (.enc).",
    };

    private static readonly Option<string[]> Tables = new("--tables")
    {
        Description = "Only these tables (default: every table of the model).",
        AllowMultipleArgumentsPerToken = true,
    };

    public static Command Create()
    {
        var command = new Command(
            EngineVerbs.Backup,
            "Back up the database's tables (those of the model, or --tables) into one streamed JSON file with each table's row count "
            + $"and SHA-256; --compress gzips it, and it is encrypted (AES-256-GCM) when {BackupStreams.KeyVariable} holds a key or passphrase. "
            + "Nothing in the database changes.");
        command.Options.Add(Name);
        command.Options.Add(Tables);
        command.Options.Add(Compress);
        command.Options.Add(BackupFolder.Option);
        FleetOptions.AddTo(command);
        CommonOptions.AddTo(command);
        command.SetAction(p => new BackupCommand(p).Execute());
        return command;
    }

    protected override string Verb => EngineVerbs.Backup;

    protected override void Validate()
    {
        // The engine refuses it too (for MSBuild's MigrationsBackupName); asked here first so a bad name fails before a build.
        if (Parse.GetValue(Name) is { } name && BackupName.Problem(name, "--name") is { } problem)
        {
            throw new ToolException(problem);
        }
    }

    protected override EngineRequest Complete(EngineRequest request) => request with
    {
        Name = Parse.GetValue(Name),
        Tables = Parse.GetValue(Tables) ?? [],
        BackupDirectory = BackupFolder.Given(Parse),
        Compress = Parse.GetValue(Compress),
    };

    protected override string Summarize(JsonElement result)
    {
        var backup = Read<BackupResult>(result);
        return $"{backup.Tables.Sum(t => t.Rows)} row(s) of {backup.Tables.Count} table(s) to {backup.File}";
    }

    protected override void Render(JsonElement result)
    {
        var backup = Read<BackupResult>(result);
        Out.Result.WriteLine($"Backed up {backup.Tables.Count} table(s), {backup.Tables.Sum(t => t.Rows)} row(s) to {backup.File}");
    }
}
