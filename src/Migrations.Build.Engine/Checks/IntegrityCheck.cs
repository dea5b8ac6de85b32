using Migrations.Build.Engine.Integrity;
using Migrations.Build.Protocol;
using Migrations.Build.Protocol.Results;

namespace Migrations.Build.Engine.Checks;

/// <summary>
/// The integrity file against the migrations: a locked migration changed (MIG010) or missing
/// (MIG011), or a new migration sorting before the newest locked or applied one (MIG012).
/// </summary>
internal static class IntegrityCheck
{

    public static IEnumerable<Finding> Run(ProjectState state)
    {
        var catalog = state.Catalog;
        var ids = catalog.Ids.ToHashSet(StringComparer.Ordinal);
        var lockName = Path.GetFileName(state.LockPath);
        foreach (var locked in state.LockedEntries.Values)
        {
            if (!ids.Contains(locked.Id))
            {
                yield return new Finding
                {
                    Rule = DiagnosticCodes.LockedMissing, Severity = LogLevels.Error, Migration = locked.Id, File = state.LockPath,
                    Line = LineOf(state.LockPath, locked.Id),
                    Message = $"Locked migration {locked.Id} is missing from the project. Restore it; a migration that may have run anywhere must not be "
                        + $"deleted. If it truly never ran, remove its entry from {lockName}.",
                };
            }
            else if (state.Hash(locked.Id) != locked.Hash)
            {
                var at = state.Sources.FindMigration(locked.Id, catalog.NameOf(locked.Id));
                yield return new Finding
                {
                    Rule = DiagnosticCodes.LockedChanged, Severity = LogLevels.Error, Migration = locked.Id, File = at?.File,
                    Line = at?.Line, SourceColumn = at?.Column,
                    Message = $"Locked migration {locked.Id} was changed after it was locked: databases that applied it won't get the change. "
                        + "Undo the edit and put the change in a new migration; "
                        + $"if the edit is intended, remove its entry from {lockName} and run 'dotnet migrate lock'.",
                };
            }
        }

        var newest = state.NewestSettled;
        foreach (var id in state.OutOfOrder)
        {
            var at = state.Sources.FindMigration(id, catalog.NameOf(id));
            yield return new Finding
            {
                Rule = DiagnosticCodes.OutOfOrder, Severity = LogLevels.Error, Migration = id, File = at?.File, Line = at?.Line, SourceColumn = at?.Column,
                Message = $"Migration {id} sorts before {newest}, which is already locked or applied: it was probably made on a parallel branch, "
                    + "and databases at the newer migration would skip it. Remove it and generate it again on top of the merged branch "
                    + "(dotnet migrate revision -m ...), so that it sorts last.",
            };
        }
    }

    private static int? LineOf(string file, string text)
    {
        var lines = File.ReadAllLines(file);
        var index = Array.FindIndex(lines, l => l.Contains(text, StringComparison.Ordinal));
        return index < 0 ? null : index + 1;
    }
}
