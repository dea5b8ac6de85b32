using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Migrations.Build.Protocol;

namespace Migrations.Build.Engine.Safety;

/// <summary>
/// One safety rule over EF Core migration operations. A rule says what it finds; whether that
/// fails anything (severity, acknowledgements) is decided in one place afterwards.
/// </summary>
internal abstract class SafetyRule
{
    /// <summary>The rule's code, e.g. MIG102 (each rule defines it once, as a constant).</summary>
    public abstract string Id { get; }

    public abstract string Title { get; }

    /// <summary>error, warning or suggestion (never failing).</summary>
    public abstract string DefaultSeverity { get; }

    /// <summary>The safe way, in one sentence, appended to every finding's message.</summary>
    public abstract string SafeAlternative { get; }

    public string HelpUri => DiagnosticCodes.HelpUri(Id);

    /// <summary>
    /// Whether the operation locks or rewrites its table for a time that grows with the table's rows:
    /// such a finding is sized by the live table (<see cref="TableSizes"/>), an error above MigrationsLargeTableRows.
    /// </summary>
    public virtual bool LocksTable => false;

    /// <summary>Findings on one operation of a migration's Up.</summary>
    public virtual IEnumerable<RuleHit> Check(MigrationOperation operation, MigrationScope scope) => [];

    /// <summary>Findings on the migration as a whole.</summary>
    public virtual IEnumerable<RuleHit> CheckMigration(MigrationScope scope) => [];
}

/// <summary>What a rule found: where, and why (the rule adds its safe alternative).</summary>
internal sealed record RuleHit(string Message, string? Table = null, string? Column = null, MigrationOperation? Operation = null);
