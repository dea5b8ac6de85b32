using System.CommandLine;
using System.Text.Json;
using Migrations.Build.Protocol;
using Migrations.Build.Protocol.Results;
using Migrations.Build.Tool.Cli;
using Spectre.Console;

namespace Migrations.Build.Tool.Commands;

/// <summary><c>squash &lt;migration&gt;</c>: replace every migration up to it with one that creates the schema as it stands there.</summary>
internal sealed class SquashCommand(ParseResult parse) : ProjectCommand(parse)
{
    private static readonly Argument<string> Migration = new("migration")
    {
        Description = "The last migration to squash (its name, id or a unique id prefix; head for all). Its id is kept, so a database past it needs nothing.",
    };

    private static readonly Option<bool> DropDataSteps = new("--drop-data-steps")
    {
        Description = "Leave the squashed migrations' raw SQL data steps (INSERT, UPDATE, DELETE...) out instead of keeping them after the schema: "
            + "a new database has no rows for them to move. Raw SQL that shapes the schema (a view, a trigger) is always kept.",
    };

    private static readonly Option<bool> DryRun = new("--dry-run")
    {
        Description = "Prove the squash and say what it would write and delete; change nothing.",
    };

    public static Command Create()
    {
        var command = new Command(EngineVerbs.Squash, "Replace every migration up to and including <migration> with one that creates the schema "
            + "as it stands there (from its target model) under its id. Raw SQL that makes what the model doesn't hold (views, triggers, functions) "
            + "and data steps are kept in order; raw SQL on tables, columns and indexes is replaced by the model. Proved on a scratch database first "
            + "(a temporary one, or an empty one given with --connection): the old migrations and the squashed one must build the same schema, "
            + "else nothing is written. Updates the integrity file.");
        command.Arguments.Add(Migration);
        command.Options.Add(DropDataSteps);
        command.Options.Add(DryRun);
        CommonOptions.AddTo(command);
        command.SetAction(p => new SquashCommand(p).Execute());
        return command;
    }

    protected override string Verb => EngineVerbs.Squash;

    protected override EngineRequest Complete(EngineRequest request)
        => request with { Target = Parse.GetValue(Migration), DropDataSteps = Parse.GetValue(DropDataSteps), DryRun = Parse.GetValue(DryRun) };

    /// <summary>Squash reads the migrations as built: a file left with merge conflicts is resolved first.</summary>
    protected override void BeforeBuild(string projectDir)
    {
        var conflicted = ProjectTree.Sources(projectDir).Select(MigrationSourceScan.Read).FirstOrDefault(f => f.ConflictLine is not null);
        if (conflicted is not null)
        {
            throw new ToolException($"{conflicted.File}({conflicted.ConflictLine}): merge conflict markers. Resolve the merge first "
                + (conflicted.Snapshot ? "(a model snapshot: dotnet migrate rebase writes it again from the merged model), "
                    : "(keep the migration as one branch wrote it), ")
                + "then squash. Nothing was changed.");
        }
    }

    protected override void Render(JsonElement result)
    {
        var squash = Read<SquashResult>(result);
        Out.Result.WriteLine($"{(squash.DryRun ? "Would squash" : "Squashed")} {squash.Squashed.Count} migration(s) into {squash.Into}");
        foreach (var step in squash.KeptSteps)
        {
            Out.Result.WriteLine("  keeps " + step);
        }

        foreach (var step in squash.DroppedSteps)
        {
            Out.Result.WriteLine("  leaves out " + step);
        }

        foreach (var step in squash.ReplacedSteps)
        {
            Out.Result.WriteLine("  replaced by the model: " + step);
        }

        foreach (var file in squash.Written)
        {
            Out.Result.WriteLine($"  {(squash.DryRun ? "would write" : "wrote")} {file}");
        }

        foreach (var file in squash.Deleted)
        {
            Out.Result.WriteLine($"  {(squash.DryRun ? "would delete" : "deleted")} {file}");
        }

        if (squash.Relocked)
        {
            Out.Result.WriteLine($"  {(squash.DryRun ? "would update" : "updated")} the integrity file");
        }
    }
}
