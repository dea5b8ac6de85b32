using Migrations.Build.Engine.Sources;
using Migrations.Build.Protocol;
using Migrations.Build.Protocol.Results;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace Migrations.Build.Engine.Safety;

/// <summary>
/// Runs every safety rule over the given migrations, places each finding at its operation's line,
/// then applies the migrations' acknowledgements, all in one place: an acknowledged finding becomes
/// a message, an acknowledgement without a reason is MIG013, and one that matches nothing is said.
/// With <paramref name="sizes"/> (a reachable database), findings that lock a table are sized by it, after acknowledgements.
/// </summary>
internal sealed class SafetyAnalyzer(EngineSession session, SourceLocator sources, TableSizes? sizes = null)
{
    /// <summary>
    /// Findings on what the migrations do: their Up operations, or with <paramref name="reverting"/>
    /// their Down operations (what a downgrade runs), placed in the Down method.
    /// </summary>
    public IReadOnlyList<Finding> Analyze(IEnumerable<string> ids, bool reverting = false)
        => AnalyzeOperations(ids, reverting).Select(f => f.Finding).ToList();

    /// <summary>As <see cref="Analyze"/>, each finding with the operation it is about (to count what it puts at risk).</summary>
    public IReadOnlyList<(Finding Finding, MigrationOperation? Operation)> AnalyzeOperations(IEnumerable<string> ids, bool reverting)
    {
        var migrations = session.Service<IMigrationsAssembly>();
        var idGenerator = session.Service<IMigrationsIdGenerator>();
        var provider = session.Context.Database.ProviderName ?? string.Empty;
        var history = session.Context.GetService<IDbContextOptions>().Extensions.OfType<RelationalOptionsExtension>()
            .FirstOrDefault()?.MigrationsHistoryTableName;
        var findings = new List<(Finding, MigrationOperation?)>();
        foreach (var id in ids)
        {
            var type = migrations.Migrations[id];
            var migration = migrations.CreateMigration(type, provider);
            var scope = MigrationScope.Of(id, idGenerator.GetName(id), provider, migration, history);
            if (reverting)
            {
                if (scope.Down is null)
                {
                    findings.Add((Rules.IrreversibleMigrationRule.CannotRevert(id, scope), null));
                    continue;
                }

                scope = scope.Reverted();
            }

            var locator = new OperationLocator(sources.FindMigration(id, scope.Name), scope.Up, inDown: reverting);
            var raw = SafetyRules.All
                .Where(rule => !reverting || rule is not Rules.IrreversibleMigrationRule)
                .SelectMany(rule => scope.Analyzed.SelectMany(op => rule.Check(op, scope)).Concat(rule.CheckMigration(scope)).Select(hit => (rule, hit)));
            var judged = Acknowledge(id, op => locator.Locate(scope.SourceOf(op)), locator.File, raw.ToList(), Acknowledgement.Of(type));
            findings.AddRange(sizes is null ? judged : judged.Select(f => (sizes.Apply(f.Item1, SchemaOf(f.Item2)), f.Item2)));
        }

        return findings;
    }

    /// <summary>The schema of the table an operation is about (null: the default one).</summary>
    public static string? SchemaOf(MigrationOperation? operation) => (operation as ITableMigrationOperation)?.Schema;

    private IEnumerable<(Finding, MigrationOperation?)> Acknowledge(string id, Func<MigrationOperation?, SourceLocation?> locate, SourceLocation? file,
        IReadOnlyList<(SafetyRule Rule, RuleHit Hit)> hits, IReadOnlyList<Acknowledgement> acknowledgements)
    {
        foreach (var (rule, hit) in hits)
        {
            var ack = acknowledgements.FirstOrDefault(a => a.Rule.Equals(rule.Id, StringComparison.OrdinalIgnoreCase) && a.HasReason);
            var at = locate(hit.Operation);
            yield return (new Finding
            {
                Rule = rule.Id,
                Severity = ack is null ? rule.DefaultSeverity : LogLevels.Message,
                Migration = id,
                File = at?.File,
                Line = at?.Line,
                SourceColumn = at?.Column,
                Table = hit.Table,
                Column = hit.Column,
                Message = ack is null ? $"{hit.Message} {rule.SafeAlternative}" : $"{hit.Message} Acknowledged: {ack.Reason!.Trim()}",
            }, hit.Operation);
        }

        foreach (var ack in acknowledgements)
        {
            Finding About(string severity, string message) => new()
            {
                Rule = DiagnosticCodes.MissingReason, Severity = severity, Migration = id,
                File = file?.File, Line = file?.Line, SourceColumn = file?.Column, Message = message,
            };

            if (!ack.HasReason)
            {
                yield return (About(LogLevels.Error,
                    $"[AllowUnsafeOperation(\"{ack.Rule}\")] on {id} has no reason, so it acknowledges nothing. "
                    + $"Say why it is safe: [AllowUnsafeOperation(\"{ack.Rule}\", Reason = \"...\")]."), null);
            }
            else if (!hits.Any(h => h.Rule.Id.Equals(ack.Rule, StringComparison.OrdinalIgnoreCase)))
            {
                yield return (About(LogLevels.Warning,
                    $"[AllowUnsafeOperation(\"{ack.Rule}\")] on {id} acknowledges nothing: the migration has no {ack.Rule} finding. "
                        + "Remove it, so it can't hide a later one."), null);
            }
        }
    }
}
