using Migrations.Build.Engine.Migrate;
using Migrations.Build.Engine.Safety;
using Migrations.Build.Engine.Sources;
using Migrations.Build.Protocol;
using Migrations.Build.Protocol.Results;

namespace Migrations.Build.Engine.Validate;

/// <summary>
/// <c>validate &lt;target&gt;</c>: plans the move from the database's current migration to the target
/// (the Up operations going forward, the Down operations going back), runs the safety rules on
/// exactly those operations and counts the rows at risk on the live database. Changes nothing.
/// </summary>
internal static class ValidateOperations
{
    public static int Validate(EngineSession session)
    {
        var catalog = MigrationCatalog.Load(session);
        var target = catalog.Targets.Resolve(session.Request.Target ?? throw new EngineException("validate needs a target, e.g. 'validate -1' or 'validate head'."), catalog.Current);
        var order = MigrateOperations.Compare(target, catalog.Current);
        var reverting = order < 0;
        var steps = reverting
            ? catalog.Applied.Where(id => MigrateOperations.Compare(id, target) > 0).Reverse().ToList()
            : catalog.Pending.Where(id => MigrateOperations.Compare(id, target) <= 0).ToList();

        var findings = new SafetyAnalyzer(session, new SourceLocator(session.Request.ProjectDir)).Analyze(steps, reverting);
        var counter = new RowsAtRisk(session);
        var counted = catalog.DatabaseExists ? findings.Select(f => f with { RowsAtRisk = counter.Count(f) }).ToList() : findings.ToList();
        foreach (var f in counted)
        {
            var rows = f.RowsAtRisk is { } n ? $" Rows at risk: {n}." : string.Empty;
            session.Events.Diagnostic(f.Rule, f.Severity, f.Message + rows, f.File, f.Line, f.SourceColumn);
        }

        var risk = Risk(counted);
        session.Events.Result(new ValidateResult
        {
            Target = target,
            From = catalog.Current,
            Direction = steps.Count == 0 ? "none" : reverting ? "downgrade" : "upgrade",
            Risk = risk,
            Migrations = steps,
            Findings = counted,
        });
        return risk == "high" ? ExitCodes.Findings : ExitCodes.Success;
    }

    /// <summary>high: an unacknowledged error that puts rows at risk (or can't be counted); low: anything else found; none: nothing.</summary>
    internal static string Risk(IReadOnlyList<Finding> findings)
    {
        if (findings.Any(f => f.Severity == LogLevels.Error && f.RowsAtRisk is not 0))
        {
            return "high";
        }

        return findings.Any(f => f.Severity is LogLevels.Error or LogLevels.Warning) ? "low" : "none";
    }
}
