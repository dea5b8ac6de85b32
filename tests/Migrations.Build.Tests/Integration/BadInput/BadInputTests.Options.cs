using Migrations.Build.Tests.Infrastructure;
using static Migrations.Build.Tests.Infrastructure.BadInputRow;

namespace Migrations.Build.Tests.Integration.BadInput;

// Malformed, missing, unknown and conflicting options and commands, and projects or contexts that aren't there.
public sealed partial class BadInputTests
{
    private const string LockTimeout = "--lock-timeout";

    private static readonly BadInputRow[] OptionRows =
    [
        Row("lock timeout that is not a number", "upgrade --lock-timeout abc", 2, LockTimeout, "'abc'", "whole number of seconds"),
        Row("negative lock timeout", "downgrade -1 --lock-timeout -1", 2, LockTimeout, "0 or more"),
        Row("lock timeout too large", "stamp head --lock-timeout 99999999999", 2, LockTimeout, "'99999999999'"),
        Row("rollback lock timeout that is not a number", "rollback -1 --force --lock-timeout 1.5", 2, LockTimeout, "whole number of seconds"),
        Row("restore with a negative lock timeout", "restore {good} --lock-timeout -5", 2, LockTimeout, "0 or more"),
        Row("lock timeout as json", "rollback -1 --lock-timeout abc --json", 2, LockTimeout),
        Row("negative max backup age", "prod-check --max-backup-age -1", 2, "--max-backup-age '-1'", "e.g. 30d"),
        Row("max backup age without a unit", "prod-check --max-backup-age 24", 2, "--max-backup-age '24'", "d (days), h (hours) or w (weeks)"),
        Row("max backup age too long", "prod-check --max-backup-age 99999999w", 2, "--max-backup-age '99999999w'", "too long"),
        Row("prune older than too long", "prune-backups --older-than 99999999w --backup-dir {files} --yes", 2, "--older-than '99999999w'", "too long"),
        Row("prune older than without a unit", "prune-backups --older-than 30 --backup-dir {files} --yes", 2, "--older-than '30'"),
        Row("prune keep that is not a number", "prune-backups --keep abc --backup-dir {files} --yes", 2, "--keep", "'abc'", "whole number"),
        Row("prune keep negative", "prune-backups --keep -1 --backup-dir {files} --yes", 2, "--keep", "0 or more"),
        Row("prune with both keep and older than", "prune-backups --keep 1 --older-than 1d --backup-dir {files} --yes", 2,
            "exactly one of --keep N or --older-than D"),
        Row("prune with neither keep nor older than", "prune-backups --backup-dir {files} --yes", 2, "exactly one of --keep N or --older-than D"),
        Row("prune without yes in a script", "prune-backups --keep 0 --backup-dir {files}", 4, "needs confirmation", "--yes"),
        Row("lint in an unknown format", "lint --format nope", 2, "'nope' not recognized", "sarif", "markdown"),
        Row("check in an unknown format", "check --format xml", 2, "'xml' not recognized"),
        Row("revision without a message", "revision", 2, "'--message' is required"),
        Row("revision with an empty message", "revision -m ''", 2, "gives no usable migration name", "start with a letter"),
        Row("revision with a message of symbols", "revision -m !!!", 2, "gives no usable migration name"),
        Row("backup name with a slash", "backup --name a/b --backup-dir {dir}/backups", 2, "--name 'a/b' can't be part of a file name"),
        Row("backup of an unknown table", "backup --tables Nope --backup-dir {dir}/backups", 2, "No table named Nope", "Tables: Authors"),
        Row("backup folder that is a file", "backup --backup-dir {good}", 2, "is a file, not a folder", "--backup-dir"),
        Row("list backups in a folder that is a file", "list-backups --backup-dir {good}", 2, "is a file, not a folder", "--backup-dir"),
        Row("idempotent without sql", "upgrade --idempotent", 2, "--idempotent only applies to scripts", "--sql"),
        Row("idempotent downgrade script", "downgrade -1 --sql --idempotent", 2, "Leave out --idempotent"),
        Row("an extra argument", "current extra", 2, "Unrecognized command or argument 'extra'", "dotnet migrate current --help"),
        Row("an unknown option", "history --frobnicate", 2, "'--frobnicate'", "--help"),
        Row("an option another command has", "lock --force", 2, "'--force'"),
        Row("no command", "--json", 2, "Required command was not provided", "dotnet migrate --help"),
        Row("an unknown command", "migrat", 2, "'migrat'"),
        Row("a mistyped command", "curent", 2, "Did you mean 'current'?"),
        Row("a mistyped option", "upgrade --lock-timout 5", 2, "Did you mean '--lock-timeout'?"),
        Row("a DDL lock timeout that is not a number", "upgrade --ddl-lock-timeout soon", 2, "--ddl-lock-timeout 'soon'", "whole number of seconds"),
        Row("a project that does not exist", "current --project {dir}/nope", 2, "does not exist", "--project"),
        Row("an empty project", "current --project ''", 2, "--project", "empty"),
        Row("a project that is not a project file", "current --project {good}", 2, "MSBuild could not read"),
        Row("a startup project that does not exist", "current --startup-project {dir}/nope", 2, "does not exist", "--startup-project"),
        Row("an unknown context", "current --context NoSuchContext", 2, "No DbContext named 'NoSuchContext'"),
        Row("an empty context", "history --context ''", 2, "--context", "empty"),
        Row("a configuration never built", "current --configuration Nope", 2, "does not exist", "leave out --no-build"),
    ];
}
