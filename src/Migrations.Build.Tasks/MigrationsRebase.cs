using System.Text.Json;
using Microsoft.Build.Framework;
using Migrations.Build.Protocol;
using Migrations.Build.Protocol.Results;

namespace Migrations.Build.Tasks;

/// <summary>
/// <c>-t:MigrationsRebase [-p:MigrationName="AddX AddY"] [-p:MigrationsDryRun=true]</c>: moves the migrations
/// made on a parallel branch after the newest other one, as <c>dotnet migrate rebase</c> does.
/// </summary>
public sealed class MigrationsRebase : EngineTask
{
    /// <summary>The migrations to move (separated by spaces, ';' or ','); empty: those MIG014 or MIG012 names.</summary>
    public string? MigrationName { get; set; }

    public bool DryRun { get; set; }

    /// <summary>Where MigrationsConflictedSnapshots kept the conflicted snapshots' originals: put back unless a migration moved.</summary>
    public string? ConflictedSnapshotsFile { get; set; }

    protected override string Command => EngineVerbs.Rebase;

    protected override EngineRequest Complete(EngineRequest request)
        => request with
        {
            Migrations = (MigrationName ?? string.Empty).Split([';', ',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            DryRun = DryRun,
        };

    protected override void OnResult(JsonElement result)
    {
        var rebase = result.Deserialize<RebaseResult>(ProtocolJson.Compact)!;
        if (!string.IsNullOrEmpty(ConflictedSnapshotsFile))
        {
            var originals = ConflictedSnapshots.Load(ConflictedSnapshotsFile);
            if (rebase is not { From: not null, DryRun: false })
            {
                originals.PutBack();
            }
        }

        var files = string.Join(", ", rebase.Files.Select(Path.GetFileName));
        Log.LogMessage(MessageImportance.High, Say(rebase.From is null
            ? "nothing to rebase"
            : $"{(rebase.DryRun ? "would move" : "moved")} {string.Join(", ", rebase.Moved.Select(m => m.From + " -> " + m.To))} "
                + $"(after {rebase.After}): {files}"));
    }
}
