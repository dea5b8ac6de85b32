using System.CommandLine;
using Migrations.Build.Protocol;

namespace Migrations.Build.Tool.Cli;

/// <summary>
/// How long the migrations' own statements wait for a table's lock while upgrading or downgrading,
/// and how often a migration that timed out is tried again (PostgreSQL and SQL Server).
/// </summary>
internal static class DdlLockOptions
{
    public static readonly Option<int> Timeout = new("--ddl-lock-timeout")
    {
        Description = "Seconds a migration's statements wait for a lock on a table the app is using (PostgreSQL lock_timeout, SQL Server LOCK_TIMEOUT); "
            + "then the migration is rolled back and tried again. 0: wait without limit. Default: 10. "
            + "Not --lock-timeout, which waits for another migrations command.",
        DefaultValueFactory = _ => 10,
        CustomParser = result => WholeNumbers.Parse(result, "seconds") ?? 0,
    };

    public static readonly Option<int> Retries = new("--ddl-lock-retries")
    {
        Description = "How many times a migration that timed out waiting for a table lock is tried again, after 1, 2, 4... seconds; "
            + "then the command fails (exit 3) naming the sessions that hold the lock. Default: 3.",
        DefaultValueFactory = _ => 3,
        CustomParser = result => WholeNumbers.Parse(result, "retries") ?? 0,
    };

    public static void AddTo(Command command)
    {
        command.Options.Add(Timeout);
        command.Options.Add(Retries);
    }

    public static EngineRequest Complete(ParseResult parse, EngineRequest request)
        => request with { DdlLockTimeout = parse.GetValue(Timeout), DdlLockRetries = parse.GetValue(Retries) };
}
