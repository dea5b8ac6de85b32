using Migrations.Build.Protocol.Backups;
using Migrations.Build.Tests.Infrastructure;
using static Migrations.Build.Tests.Infrastructure.BadInputRow;

namespace Migrations.Build.Tests.Integration.BadInput;

// Backup keys that are set but blank (never read as "no key", by any command that uses backups) or too
// weak to write with, and backup names that are no file name. A weak key still reads: the wrong-key
// rows of the files area use one and are told "different key", not "too weak".
public sealed partial class BadInputTests
{
    private const string Blank = $"{BackupStreams.KeyVariable} is set but";
    private const string Weak = $"{BackupStreams.KeyVariable} is too weak to encrypt a backup";
    private const string ShortKey = "Sh0rt-k3y";
    private const string RepeatedKey = "abababababababababababab";

    private static readonly BadInputRow[] BackupRows =
    [
        Row("backup with an empty key", "backup", 2, $"{Blank} empty", "unset it to write backups unencrypted") with { Environment = Key(string.Empty) },
        Row("backup with a key of spaces", "backup --compress", 2, $"{Blank} only whitespace") with { Environment = Key("   ") },
        Row("rollback with an empty key", "rollback -1 --force", 2, $"{Blank} empty") with { Environment = Key(string.Empty) },
        Row("restore with an empty key", "restore {good}", 2, $"{Blank} empty") with { Environment = Key(string.Empty) },
        Row("list backups with an empty key", "list-backups --backup-dir {files}", 2, $"{Blank} empty") with { Environment = Key(string.Empty) },
        Row("show a backup with a key of spaces", "show-backup {good}", 2, $"{Blank} only whitespace") with { Environment = Key(" ") },
        Row("backup with a short key", "backup", 2, Weak, "at least 16 characters") with { Environment = Key(ShortKey), Secret = ShortKey },
        Row("backup with a repeated key", "backup", 2, Weak) with { Environment = Key(RepeatedKey), Secret = RepeatedKey },
        Row("rollback with a short key", "rollback -1 --force", 2, Weak) with { Environment = Key(ShortKey), Secret = ShortKey },
        new("backup name with a newline", ["backup", "--name", "a\nb"], 2, ["--name 'a\\u000ab' can't be part of a file name"]),
        Row("backup name of dots", "backup --name ..", 2, "--name '..' can't be part of a file name"),
        new("backup name with a space", ["backup", "--name", "before v3"], 2, ["--name 'before v3' can't be part of a file name"]),
        Row("backup name too long", $"backup --name {new string('n', 101)}", 2, "--name is 101 characters long"),
    ];

    private static Dictionary<string, string?> Key(string value) => new() { [BackupStreams.KeyVariable] = value };
}
