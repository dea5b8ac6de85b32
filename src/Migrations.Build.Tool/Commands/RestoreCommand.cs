using System.CommandLine;
using System.Text.Json;
using Migrations.Build.Protocol;
using Migrations.Build.Protocol.Results;
using Migrations.Build.Tool.Cli;
using Spectre.Console;

namespace Migrations.Build.Tool.Commands;

/// <summary><c>restore &lt;file&gt; [--tables t...]</c>: put a backup's rows back into the tables as they are now.</summary>
internal sealed class RestoreCommand(ParseResult parse) : ProjectCommand(parse)
{
    private static readonly Argument<string> File = new("file") { Description = "The backup file (.json, .json.gz, encrypted or not)." };

    private static readonly Option<string[]> Tables = new("--tables")
    {
        Description = "Only these tables of the backup (default: all of them).",
        AllowMultipleArgumentsPerToken = true,
    };

    public static Command Create()
    {
        var command = new Command(
            EngineVerbs.Restore,
            "Put a backup's rows back into the tables as they are now: columns matched by name (a column the table no longer has is "
            + "reported), rows whose key is already there updated, the others inserted, one transaction per table. The whole file is "
            + "checked first (checksums, key, every value against its column): a bad file changes nothing. An encrypted backup needs "
            + "MIGRATIONS_BACKUP_KEY.");
        command.Arguments.Add(File);
        command.Options.Add(Tables);
        ChangeOptions.AddTo(command);
        CommonOptions.AddTo(command);
        command.SetAction(p => new RestoreCommand(p).Execute());
        return command;
    }

    protected override string Verb => EngineVerbs.Restore;

    protected override void Validate()
    {
        var file = BackupFolder.BackupFile(Parse.GetValue(File));
        ChangeOptions.ConfirmInProduction(Parse, $"write the rows of {Path.GetFileName(file)} into the database");
    }

    protected override EngineRequest Complete(EngineRequest request) => ChangeOptions.Complete(Parse, request with
    {
        File = BackupFolder.BackupFile(Parse.GetValue(File)),
        Tables = Parse.GetValue(Tables) ?? [],
    });

    protected override void Render(JsonElement result)
    {
        var restore = Read<RestoreResult>(result);
        Out.Result.WriteLine($"Restored {restore.Tables.Sum(t => t.Rows)} row(s) in {restore.Tables.Count} table(s) from {restore.File}");
        var table = new Table().AddColumn("Table").AddColumn("Inserted").AddColumn("Updated").AddColumn("Not restored (column gone)");
        foreach (var t in restore.Tables)
        {
            table.AddRow(new Text(t.Name), new Text(t.Inserted.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new Text(t.Updated.ToString(System.Globalization.CultureInfo.InvariantCulture)), new Text(string.Join(", ", t.MissingColumns)));
        }

        Out.Result.Write(table);
    }
}
