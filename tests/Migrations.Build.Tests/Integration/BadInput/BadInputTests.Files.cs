using Migrations.Build.Protocol.Backups;
using Migrations.Build.Tests.Infrastructure;
using static Migrations.Build.Tests.Infrastructure.BadInputRow;

namespace Migrations.Build.Tests.Integration.BadInput;

// Backup files that aren't there, aren't backups, are cut short, were changed, are of a newer
// format, or are encrypted without their key: restore writes nothing, show-backup says why.
public sealed partial class BadInputTests
{
    private const string NothingRestored = "Nothing was restored.";
    private const string Incomplete = "is not a complete backup file";

    private static readonly BadInputRow[] FileRows =
    [
        Row("restore a file that does not exist", "restore {files}/missing.json", 2, "missing.json does not exist", "dotnet migrate list-backups"),
        Row("restore without a file", "restore", 2, "Required argument 'file' missing"),
        Row("restore a folder", "restore {files}", 2, "is a folder, not a backup file"),
        Row("restore a truncated backup", "restore {files}/truncated.json", 2, Incomplete, "truncated", NothingRestored) with { LeavesLockFile = true },
        Row("restore a backup changed after it was written", "restore {files}/tampered.json", 2, "Checksum mismatch in Members", NothingRestored)
            with { LeavesLockFile = true },
        Row("restore an empty file", "restore {files}/empty.json", 2, Incomplete, NothingRestored),
        Row("restore a json file that is no backup", "restore {files}/notes.json", 2, Incomplete, "not a backup", NothingRestored),
        Row("restore a cut compressed backup", "restore {files}/cut.json.gz", 2, Incomplete, NothingRestored) with { LeavesLockFile = true },
        Row("restore an empty file name", "restore ''", 2, "No backup file was given"),
        Row("restore a backup of a newer format", "restore {files}/future.json", 2, "backup format 99, newer than this version reads",
            "Update Migrations.Build", NothingRestored),
        Row("restore an encrypted backup without the key", "restore {sealed}", 2, $"is encrypted: set {BackupStreams.KeyVariable}", NothingRestored),
        Row("restore a backup that holds a table twice", "restore {files}/table-twice.json", 2, "holds the table", "twice", NothingRestored)
            with { LeavesLockFile = true },
        Row("restore a backup with columns equal ignoring case", "restore {files}/columns-by-case.json", 2, "has the column", "names equal ignoring case",
            NothingRestored) with { LeavesLockFile = true },
        Row("restore a gzip bomb", "restore {files}/bomb.json.gz", 2, "without a complete value", NothingRestored) with { LeavesLockFile = true },
        Row("verify a gzip bomb", "show-backup {files}/bomb.json.gz --verify", 2, "without a complete value"),
        Row("restore an unknown table of a backup", "restore {good} --tables Nope", 2, "The backup has no table Nope") with { LeavesLockFile = true },
        new("restore an encrypted backup with the wrong key", Split("restore {sealed}"), 2, ["different key", NothingRestored])
        {
            Environment = { [BackupStreams.KeyVariable] = "wr0ng-k3y-value" },
            Secret = "wr0ng-k3y-value",
        },
        Row("show a backup that does not exist", "show-backup {files}/missing.json", 2, "missing.json"),
        Row("show a folder", "show-backup {files}", 2, "is a folder, not a backup file"),
        Row("show without a file", "show-backup", 2, "Required argument 'file' missing"),
        Row("show an empty file name", "show-backup ''", 2, "No backup file was given"),
        Row("verify a truncated backup", "show-backup {files}/truncated.json --verify", 2, Incomplete),
        Row("verify a backup changed after it was written", "show-backup {files}/tampered.json --verify", 1, "Checksum mismatch in Members"),
        Row("show a json file that is no backup", "show-backup {files}/notes.json --json", 2, Incomplete),
        Row("show an encrypted backup without the key", "show-backup {sealed}", 2, $"set {BackupStreams.KeyVariable} to the key used when it was written"),
        Row("show a backup of a newer format", "show-backup {files}/future.json", 2, "newer than this version reads"),
        new("show an encrypted backup with the wrong key", Split("show-backup {sealed} --verify"), 2, ["wrong key"])
        {
            Environment = { [BackupStreams.KeyVariable] = "wr0ng-k3y-value" },
            Secret = "wr0ng-k3y-value",
        },
    ];
}
