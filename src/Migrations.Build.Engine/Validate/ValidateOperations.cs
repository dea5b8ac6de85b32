using Migrations.Build.Engine.Migrate;
using Migrations.Build.Engine.Safety;
using Migrations.Build.Engine.Sources;
using Migrations.Build.Protocol;
using Migrations.Build.Protocol.Results;

namespace Migrations.Build.Engine.Validate;

/// <summary>A planned move: the migrations that would run and what the rules find on them, rows at risk counted.</summary>
internal sealed record MovePlan(MigrationCatalog Catalog, string? Target, bool Reverting, IReadOnlyList<string> Steps,
    IReadOnlyList<Finding> Findings, string Risk)
{
    public string Direction => Steps.Count == 0 ? "none" : Reverting ? "downgrade" : "upgrade";

    /// <summary>Each finding's table schema, from its operation (a finding carries only the table's name).</summary>
    public IReadOnlyDictionary<Finding, string?> Schemas { get; init; } = new Dictionary<Finding, string?>();

    /// <summary>Whether a finding is on a table above --large-table-rows: high risk (the lock) whatever rows it puts at risk.</summary>
    public Func<Finding, bool> IsLarge { get; init; } = _ => false;
}

/// <summary>
/// <c>validate &lt;target&gt;</c>: plans the move from the database's current migration to the target
/// (the Up operations going forward, the Down operations going back), runs the safety rules on
/// exactly those operations and counts the rows at risk on the live database. Changes nothing.
/// </summary>
internal static class ValidateOperations
{
    public static int Validate(EngineSession session)
    {
        var plan = Plan(session, session.Request.Target ?? throw new EngineException("validate needs a target, e.g. 'validate -1' or 'validate head'."));
        Report(session, plan);
        session.Events.Result(ResultOf(plan));
        return plan.Risk == "high" ? ExitCodes.Findings : ExitCodes.Success;
    }

    /// <summary>The plan as validate's result document (what <c>--json</c> prints, what production's question shows).</summary>
    public static ValidateResult ResultOf(MovePlan plan) => new()
    {
        Target = plan.Target,
        From = plan.Catalog.Current,
        Direction = plan.Direction,
        Risk = plan.Risk,
        Migrations = plan.Steps,
        Findings = plan.Findings,
    };

    /// <summary>Plans the move to the target (either direction) and counts what it puts at risk.</summary>
    public static MovePlan Plan(EngineSession session, string targetText)
    {
        var catalog = MigrationCatalog.Load(session);
        var target = catalog.Targets.Resolve(targetText, catalog.Current);
        var reverting = MigrateOperations.Compare(target, catalog.Current) < 0;
        var steps = MigrateOperations.Steps(catalog, target, targetText, up: !reverting);
        // Suggestions (a column type's future) put nothing at risk in this move: they are lint's to show.
        var sizes = catalog.DatabaseExists ? new TableSizes(session) : null;
        var findings = new SafetyAnalyzer(session, session.NewSources(), sizes).AnalyzeOperations(steps, reverting)
            .Where(f => f.Finding.Severity != LogLevels.Suggestion);
        var counter = new RowsAtRisk(session);
        var large = new HashSet<Finding>(ReferenceEqualityComparer.Instance);
        var counted = findings.Select(f =>
        {
            var finding = catalog.DatabaseExists ? f.Finding with { RowsAtRisk = counter.Count(f.Finding, f.Operation) } : f.Finding;
            if (sizes?.IsLarge(f.Finding) == true)
            {
                large.Add(finding);
            }

            return (Finding: finding, f.Operation);
        }).ToList();
        var findingsCounted = counted.Select(c => c.Finding).ToList();
        return new MovePlan(catalog, target, reverting, steps, findingsCounted, Risk(findingsCounted, large.Contains))
        {
            IsLarge = large.Contains,
            Schemas = counted
                .ToDictionary<(Finding Finding, Microsoft.EntityFrameworkCore.Migrations.Operations.MigrationOperation? Operation), Finding, string?>(
                    c => c.Finding, c => RowsAtRisk.SchemaOf(c.Operation), ReferenceEqualityComparer.Instance),
        };
    }

    /// <summary>
    /// Each finding as a diagnostic at its migration's line, with its rows at risk. An error that puts
    /// no row at risk on this database is a warning here (the risk says so too), unless its table is above
    /// --large-table-rows (the lock is the risk then); with
    /// <paramref name="accepted"/> (a forced rollback, its data backed up) every error is.
    /// </summary>
    public static void Report(EngineSession session, MovePlan plan, bool accepted = false)
    {
        foreach (var f in plan.Findings)
        {
            var rows = f.RowsAtRisk is { } n ? $" Rows at risk: {n}." : string.Empty;
            var severity = f.Severity == LogLevels.Error && (accepted || (f.RowsAtRisk == 0 && !plan.IsLarge(f))) ? LogLevels.Warning : f.Severity;
            session.Events.Diagnostic(f.Rule, severity, f.Message + rows, f.File, f.Line, f.SourceColumn);
        }
    }

    /// <summary>
    /// high: an unacknowledged error that puts rows at risk (or can't be counted), or that locks a table above
    /// --large-table-rows (<paramref name="large"/>); low: anything else found; none: nothing.
    /// </summary>
    internal static string Risk(IReadOnlyList<Finding> findings, Func<Finding, bool>? large = null)
    {
        if (findings.Any(f => f.Severity == LogLevels.Error && (f.RowsAtRisk is not 0 || large?.Invoke(f) == true)))
        {
            return "high";
        }

        return findings.Any(f => f.Severity is LogLevels.Error or LogLevels.Warning) ? "low" : "none";
    }
}
