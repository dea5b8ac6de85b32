using Migrations.Build.Engine.Backup;
using Migrations.Build.Engine.Checks;
using Migrations.Build.Engine.History;
using Migrations.Build.Engine.Migrate;
using Migrations.Build.Engine.Scaffold;
using Migrations.Build.Engine.Validate;

namespace Migrations.Build.Engine;

/// <summary>The engine's verbs, by the name the tool and the MSBuild task send.</summary>
internal static class EngineCommands
{
    public static readonly IReadOnlyDictionary<string, Func<EngineSession, int>> All = new Dictionary<string, Func<EngineSession, int>>
    {
        ["current"] = HistoryOperations.Current,
        ["history"] = HistoryOperations.History,
        ["upgrade"] = MigrateOperations.Upgrade,
        ["downgrade"] = MigrateOperations.Downgrade,
        ["stamp"] = MigrateOperations.Stamp,
        ["check"] = CheckOperations.Check,
        ["lint"] = CheckOperations.Lint,
        ["lock"] = LockOperations.Lock,
        ["revision"] = RevisionOperations.Revision,
        ["validate"] = ValidateOperations.Validate,
        ["backup"] = BackupOperations.Backup,
        ["restore"] = Restore.RestoreOperations.Restore,
        ["rollback"] = Rollback.RollbackOperations.Rollback,
        ["reset-dev"] = Reset.ResetOperations.ResetDev,
        ["prod-check"] = ProdCheckOperations.ProdCheck,
        ["test"] = Cycle.CycleOperations.Test,
    };

    /// <summary>
    /// The verbs that change which migrations the database has: the build gate's replay of its last
    /// check (its stamp) no longer holds once one of them starts.
    /// </summary>
    public static readonly IReadOnlySet<string> MovesDatabase = new HashSet<string> { "upgrade", "downgrade", "stamp", "rollback", "restore", "reset-dev" };

    /// <summary>
    /// The verbs that run over several DbContexts, one after the other (<see cref="Loading.ContextSet"/>):
    /// the gate checks every context, MigrateUp upgrades each, lock records each one's migrations.
    /// </summary>
    public static readonly IReadOnlySet<string> ManyContexts = new HashSet<string> { "check", "lint", "lock", "upgrade" };

    /// <summary>The verbs that read or write backup files, and so read the backup key.</summary>
    public static readonly IReadOnlySet<string> UsesBackups = new HashSet<string> { "backup", "rollback", "restore" };

    /// <summary>The verbs that write a backup (rollback: of the data at risk), and so need a key strong enough to encrypt it.</summary>
    public static readonly IReadOnlySet<string> WritesBackups = new HashSet<string> { "backup", "rollback" };

    /// <summary>
    /// The verbs that change data in steps and stop between them on Ctrl+C (see Interruption); any
    /// other ends at once, changing nothing or rolling back its one transaction.
    /// </summary>
    public static readonly IReadOnlySet<string> Interruptible = new HashSet<string> { "upgrade", "downgrade", "rollback", "backup", "restore" };
}
