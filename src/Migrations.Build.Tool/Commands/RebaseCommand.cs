using System.CommandLine;
using System.Text.Json;
using Migrations.Build.Protocol;
using Migrations.Build.Protocol.Results;
using Migrations.Build.Tool.Cli;
using Migrations.Build.Tool.Running;
using Spectre.Console;

namespace Migrations.Build.Tool.Commands;

/// <summary><c>rebase [migration...]</c>: move the migrations made on a parallel branch after the newest other one.</summary>
internal sealed class RebaseCommand(ParseResult parse) : ProjectCommand(parse)
{
    private static readonly Argument<string[]> Migration = new("migration")
    {
        Description = "The migrations to move (names or ids); those made on top of them move too. Default: the ones check names as made "
            + "without another branch's (MIG014) or sorting before a locked or applied one (MIG012).",
        Arity = ArgumentArity.ZeroOrMore,
    };

    private static readonly Option<bool> DryRun = new("--dry-run")
    {
        Description = "Say which migrations would move, their new ids and the files that would be written; change nothing.",
    };

    public static Command Create()
    {
        var command = new Command(EngineVerbs.Rebase, "Move the migrations made on a parallel branch after the newest other one: new ids, their Up and "
            + "Down as written, their Designers merged with the other branch's model and the model snapshot generated from the app's. "
            + "Refuses a migration applied to the database or locked, and two branches' changes to one column.");
        command.Arguments.Add(Migration);
        command.Options.Add(DryRun);
        CommonOptions.AddTo(command);
        command.SetAction(p => new RebaseCommand(p).Execute());
        return command;
    }

    protected override string Verb => EngineVerbs.Rebase;

    protected override EngineRequest Complete(EngineRequest request)
        => request with { Migrations = Parse.GetValue(Migration) ?? [], DryRun = Parse.GetValue(DryRun) };

    private ConflictedSnapshots? _conflicted;
    private bool _rebased;

    /// <summary>
    /// A model snapshot left with merge conflicts can't be built, and needn't be merged by hand: rebase
    /// writes it again from the merged model. Its first side is taken so the project builds (with
    /// --dry-run, or when the rebase fails, only for the run: the file is put back after).
    /// </summary>
    protected override void BeforeBuild(string projectDir)
    {
        ConflictedSnapshots conflicted;
        try
        {
            conflicted = _conflicted = ConflictedSnapshots.TakeFirstSides(projectDir);
        }
        catch (InvalidDataException e)
        {
            throw new ToolException(e.Message);
        }

        if (conflicted.Files.Count == 0)
        {
            return;
        }

        var terminating = Interrupts.Terminating;
        Interrupts.Terminating = () =>
        {
            conflicted.PutBack();
            terminating?.Invoke();
        };
        foreach (var file in conflicted.Files)
        {
            Out.Info($"{Path.GetFileName(file)} has merge conflicts: {(Parse.GetValue(DryRun) ? "would take" : "took")} its first side to build; "
                + "the snapshot is written again from the merged model.");
        }
    }

    protected override JsonElement Finish(JsonElement result)
    {
        // Only a migration moved writes the snapshot again; otherwise (nothing to rebase, a dry run) it is put back.
        _rebased = Read<RebaseResult>(result) is { From: not null, DryRun: false };
        return result;
    }

    /// <summary>A dry run, or a rebase that failed, leaves the conflicted snapshot as it found it (Ctrl+C during the build included).</summary>
    protected override void AfterRun()
    {
        if (!_rebased)
        {
            _conflicted?.PutBack();
        }
    }

    protected override void Render(JsonElement result)
    {
        var rebase = Read<RebaseResult>(result);
        if (rebase.From is null)
        {
            Out.Result.WriteLine("Nothing to rebase.");
            return;
        }

        foreach (var move in rebase.Moved)
        {
            Out.Result.WriteLine($"{(rebase.DryRun ? "Would move" : "Moved")} {move.From} -> {move.To} (after {rebase.After})");
        }

        foreach (var file in rebase.Files)
        {
            Out.Result.WriteLine("  " + file);
        }
    }
}
