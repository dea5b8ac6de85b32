using System.CommandLine;
using System.Text.Json;
using Migrations.Build.Protocol;
using Migrations.Build.Protocol.Results;
using Migrations.Build.Tool.Cli;
using Spectre.Console;

namespace Migrations.Build.Tool.Commands;

/// <summary><c>test [target]</c>: every migration up, down and up again on a scratch database, the schema compared after each step.</summary>
internal sealed class TestCommand(ParseResult parse) : ProjectCommand(parse)
{
    private static readonly Argument<string?> Target = TargetArgument.Create(
        "How far to go up: head (default), a migration id, its name or a unique prefix.",
        required: false);

    private static readonly Option<string?> From = new("--from")
    {
        Description = "Start the cycle at this migration (the database is first brought there) instead of base.",
    };

    private static readonly Option<string[]> IgnoreTable = new("--ignore-table")
    {
        // One pattern per option (repeat it): several per option would swallow the target argument.
        Description = "Leave tables matching this pattern (* and ?) out of the schema comparisons, e.g. tables made outside migrations. Repeatable.",
    };

    private static readonly Option<bool> AllowExisting = new("--allow-existing")
    {
        Description = "Run on the --connection database although it already has tables (test drops what the migrations create).",
    };

    private static readonly Option<string?> Seed = new("--seed")
    {
        Description = "Seed data to check through the cycle: a SQL file run at --seed-at, or 'app' for the context's own UseSeeding. "
            + "After each later Up that claims to keep data (no MIG101..MIG105 finding), every seeded row and value must still be there (MIG504).",
    };

    private static readonly Option<string?> SeedAt = new("--seed-at")
    {
        Description = "The migration after which the seed goes in (default: --from, else the first migration of the cycle).",
    };

    public static Command Create()
    {
        var command = new Command(
            EngineVerbs.Test,
            "Prove every migration goes up, down and up again cleanly: on a scratch database (an empty one given with --connection; "
            + "by default a temporary one, dropped afterwards: a SQLite file, or on PostgreSQL and SQL Server a new database on the app's server, "
            + "made with the app's credentials, which need CREATEDB / dbcreator), apply each migration from base (or --from) "
            + "to the target and read the schema; at head "
            + "compare it with the model; revert each one and check the schema is back to what it was before it; apply each again and "
            + "check it is what it was the first time. Exit 1 when a step fails. Never in a Production environment (exit 4).");
        command.Arguments.Add(Target);
        command.Options.Add(From);
        command.Options.Add(IgnoreTable);
        command.Options.Add(AllowExisting);
        command.Options.Add(Seed);
        command.Options.Add(SeedAt);
        ChangeOptions.AddTo(command);
        CommonOptions.AddTo(command);
        command.SetAction(p => new TestCommand(p).Execute());
        return command;
    }

    protected override string Verb => EngineVerbs.Test;

    protected override void Validate()
    {
        if (Parse.GetValue(SeedAt) is not null && Parse.GetValue(Seed) is null)
        {
            throw new ToolException("--seed-at says where the seed goes in; give the seed too: --seed seed.sql or --seed app.");
        }

        if (SeedFile() is { } file && !File.Exists(file))
        {
            throw new ToolException($"The seed file {file} does not exist. Give a SQL file that fits the schema at --seed-at, "
                + "or --seed app for the context's UseSeeding.");
        }
    }

    protected override EngineRequest Complete(EngineRequest request) => ChangeOptions.Complete(Parse, request with
    {
        Target = Parse.GetValue(Target),
        From = Parse.GetValue(From),
        IgnoreTables = Parse.GetValue(IgnoreTable) ?? [],
        AllowExisting = Parse.GetValue(AllowExisting),
        Seed = SeedFile() ?? Parse.GetValue(Seed),
        SeedAt = Parse.GetValue(SeedAt),
    });

    /// <summary>The seed as a full path (the engine runs in another folder); null for none or 'app'.</summary>
    private string? SeedFile() => Parse.GetValue(Seed) is { } seed && seed != EngineRequest.AppSeed ? Path.GetFullPath(seed) : null;

    protected override void Render(JsonElement result)
    {
        var test = Read<TestResult>(result);
        var table = new Table().AddColumn("Step").AddColumn("Migration").AddColumn("Direction").AddColumn("Result");
        for (var i = 0; i < test.Steps.Count; i++)
        {
            var step = test.Steps[i];
            table.AddRow(
                new Text((i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)), new Text(step.Migration), new Text(step.Direction),
                step.Ok ? new Markup("[green]ok[/]" + (step.Note is { } note ? $" [grey]{Markup.Escape(note)}[/]" : string.Empty))
                    : new Text(step.Problem ?? "failed", new Style(Color.Red)));
        }

        Out.Result.Write(table);
        var where = !test.Temporary ? test.Database?.Connection
            : TemporaryName(test.Database) is { } name ? $"the temporary database {name} (dropped)" : "a temporary database (deleted)";
        Out.Result.WriteLine(test.Passed
            ? $"Passed: {test.Steps.Count} step(s) from {test.From ?? "base"} to {test.Target ?? "base"} and back on {where}."
            : $"Failed{(test.StoppedAt is { } at ? $", stopped at {at}" : string.Empty)}: {test.Differences.Count} problem(s) on {where}.");
    }

    /// <summary>The database made on the app's server (PostgreSQL, SQL Server); null for SQLite's temporary file.</summary>
    private static string? TemporaryName(DatabaseInfo? database)
    {
        if (database?.Connection is not { } connection || database.Provider.Contains("Sqlite", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        try
        {
            var builder = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connection };
            return new[] { "Database", "Initial Catalog" }.Select(k => builder.TryGetValue(k, out var v) ? v as string : null)
                .FirstOrDefault(v => !string.IsNullOrEmpty(v));
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
