using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using Migrations.Build.Protocol;

namespace Migrations.Build.Tasks;

/// <summary>
/// Before the compiler: what a merge left in the sources (conflict markers, MIG015; two migrations
/// sharing an id or a name, MIG016), reported at its file and line instead of the compiler's errors
/// that don't say why. Reads text only (<see cref="MigrationSourceScan"/>), as the tool does when a build fails.
/// </summary>
public sealed class MigrationsScanSources : Microsoft.Build.Utilities.Task
{
    [Required]
    public ITaskItem[] Sources { get; set; } = [];

    public override bool Execute()
    {
        foreach (var finding in MigrationSourceScan.Scan(Sources.Select(s => s.GetMetadata("FullPath"))))
        {
            Log.LogError(null, finding.Code, null, finding.File, finding.Line, 0, 0, 0, finding.Message);
        }

        return !Log.HasLoggedErrors;
    }
}
