using Migrations.Build.Engine.Drift;
using Migrations.Build.Protocol;
using Migrations.Build.Protocol.Results;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Migrations.Build.Engine.Checks;

/// <summary>
/// MIG001: the model against the migrations; MIG002: the migrations against a reachable database.
/// Each finding is placed where the user fixes it: the property or entity, or the migration.
/// </summary>
internal static class DriftOperations
{

    public static (ModelDrift Drift, IReadOnlyList<string> Changes, IReadOnlyList<Finding> Findings) Drift(ProjectState state)
    {
        var session = state.Session;
        var drift = ModelDrift.Compute(session);
        var changes = drift.Describe();
        var snapshotClass = session.Service<IMigrationsAssembly>().ModelSnapshot?.GetType().Name ?? string.Empty;
        var locator = new DriftLocator(state.Sources, drift, snapshotClass, session.Context.GetType().Name);
        var findings = changes.Select((change, i) =>
        {
            var at = locator.Locate(drift.Operations[i]);
            return new Finding
            {
                Rule = DiagnosticCodes.Drift, Severity = LogLevels.Error, File = at?.File, Line = at?.Line, SourceColumn = at?.Column,
                Message = $"The model has a change that no migration covers: {change}. Add a migration: dotnet migrate revision -m \"<what changed>\" "
                    + "(or dotnet build -t:MigrationsGenerate -p:MigrationName=<Name>).",
            };
        }).ToList();
        return (drift, changes, findings);
    }

    /// <summary>Migrations the reachable database lacks. In the build that is work in progress: a warning.</summary>
    public static IEnumerable<Finding> Pending(ProjectState state)
    {
        if (!state.DatabaseReachable)
        {
            yield break;
        }

        var severity = state.Session.Request.BuildGate ? LogLevels.Warning : LogLevels.Error;
        foreach (var id in state.Catalog.Pending)
        {
            var at = state.Sources.FindMigration(id, state.Catalog.NameOf(id));
            yield return new Finding
            {
                Rule = DiagnosticCodes.Pending, Severity = severity, Migration = id, File = at?.File, Line = at?.Line, SourceColumn = at?.Column,
                Message = $"Migration {id} is not applied to the database. Apply it: dotnet migrate upgrade (or dotnet build -t:MigrateUp).",
            };
        }
    }
}
