using Migrations.Build.Engine.Backup;
using Migrations.Build.Engine.Checks;
using Migrations.Build.Engine.History;
using Migrations.Build.Engine.Migrate;
using Migrations.Build.Engine.Scaffold;
using Migrations.Build.Engine.Validate;
using Migrations.Build.Protocol;

namespace Migrations.Build.Engine;

/// <summary>The engine's verbs, by the name the tool and the MSBuild task send.</summary>
internal static class EngineCommands
{
    public static readonly IReadOnlyDictionary<string, Func<EngineSession, int>> All = new Dictionary<string, Func<EngineSession, int>>
    {
        [EngineVerbs.Current] = HistoryOperations.Current,
        [EngineVerbs.History] = HistoryOperations.History,
        [EngineVerbs.Upgrade] = s => MigrateOperations.Upgrade(s, MoveConfirmation.AskAbout),
        [EngineVerbs.Downgrade] = s => MigrateOperations.Downgrade(s, MoveConfirmation.AskAbout),
        [EngineVerbs.Stamp] = MigrateOperations.Stamp,
        [EngineVerbs.Check] = CheckOperations.Check,
        [EngineVerbs.Lint] = CheckOperations.Lint,
        [EngineVerbs.Lock] = LockOperations.Lock,
        [EngineVerbs.Revision] = RevisionOperations.Revision,
        [EngineVerbs.Rebase] = RebaseOperations.Rebase,
        [EngineVerbs.Squash] = SquashOperations.Squash,
        [EngineVerbs.Validate] = ValidateOperations.Validate,
        [EngineVerbs.Backup] = BackupOperations.Backup,
        [EngineVerbs.Restore] = Restore.RestoreOperations.Restore,
        [EngineVerbs.Rollback] = Rollback.RollbackOperations.Rollback,
        [EngineVerbs.ResetDev] = Reset.ResetOperations.ResetDev,
        [EngineVerbs.ProdCheck] = ProdCheckOperations.ProdCheck,
        [EngineVerbs.Test] = Cycle.CycleOperations.Test,
        [EngineVerbs.Contents] = ContentsOperations.Contents,
    };

    /// <summary>
    /// The verbs that change which migrations the database has: the build gate's replay of its last
    /// check (its stamp) no longer holds once one of them starts.
    /// </summary>
    public static readonly IReadOnlySet<string> MovesDatabase = new HashSet<string> { EngineVerbs.Upgrade, EngineVerbs.Downgrade, EngineVerbs.Stamp,
        EngineVerbs.Rollback, EngineVerbs.Restore, EngineVerbs.ResetDev };

    /// <summary>
    /// The verbs that run over several DbContexts, one after the other (<see cref="Loading.ContextSet"/>):
    /// the gate checks every context, MigrateUp upgrades each, lock records each one's migrations.
    /// </summary>
    public static readonly IReadOnlySet<string> ManyContexts = new HashSet<string> { EngineVerbs.Check, EngineVerbs.Lint,
        EngineVerbs.Lock, EngineVerbs.Upgrade };

    /// <summary>The verbs that read or write backup files, and so read the backup key.</summary>
    public static readonly IReadOnlySet<string> UsesBackups = new HashSet<string> { EngineVerbs.Backup, EngineVerbs.Rollback, EngineVerbs.Restore };

    /// <summary>The verbs that write a backup (rollback: of the data at risk), and so need a key strong enough to encrypt it.</summary>
    public static readonly IReadOnlySet<string> WritesBackups = new HashSet<string> { EngineVerbs.Backup, EngineVerbs.Rollback };

    /// <summary>
    /// The verbs that change data in steps and stop between them on Ctrl+C (see Interruption); any
    /// other ends at once, changing nothing or rolling back its one transaction.
    /// </summary>
    public static readonly IReadOnlySet<string> Interruptible = new HashSet<string> { EngineVerbs.Upgrade, EngineVerbs.Downgrade, EngineVerbs.Rollback,
        EngineVerbs.Backup, EngineVerbs.Restore };
}
