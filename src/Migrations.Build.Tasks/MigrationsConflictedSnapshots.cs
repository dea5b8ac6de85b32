using Microsoft.Build.Framework;
using Migrations.Build.Protocol;

namespace Migrations.Build.Tasks;

/// <summary>
/// For -t:MigrationsRebase, around its build: <c>Take</c> writes each model snapshot left with merge
/// conflicts as its first side so the project builds (the originals kept in <see cref="StateFile"/>);
/// <c>PutBack</c> restores them when nothing was rebased or something failed. As the tool's rebase does.
/// </summary>
public sealed class MigrationsConflictedSnapshots : Microsoft.Build.Utilities.Task
{
    /// <summary>Take or PutBack.</summary>
    [Required]
    public string Action { get; set; } = string.Empty;

    [Required]
    public string ProjectDirectory { get; set; } = string.Empty;

    [Required]
    public string StateFile { get; set; } = string.Empty;

    public bool DryRun { get; set; }

    public override bool Execute()
    {
        if (Action == "PutBack")
        {
            ConflictedSnapshots.Load(StateFile).PutBack();
            return true;
        }

        // A state left by a run that stopped half way holds the true originals: put them back first.
        ConflictedSnapshots.Load(StateFile).PutBack();
        ConflictedSnapshots taken;
        try
        {
            taken = ConflictedSnapshots.TakeFirstSides(ProjectDirectory);
        }
        catch (InvalidDataException e)
        {
            Log.LogError(null, DiagnosticCodes.ConflictMarkers, null, null, 0, 0, 0, 0, 0, "Migrations.Build: " + e.Message);
            return false;
        }

        taken.Save(StateFile);
        foreach (var file in taken.Files)
        {
            Log.LogMessage(MessageImportance.High, $"Migrations.Build: {Path.GetFileName(file)} has merge conflicts: "
                + $"{(DryRun ? "would take" : "took")} its first side "
                + "to build; the snapshot is written again from the merged model.");
        }

        return true;
    }
}
