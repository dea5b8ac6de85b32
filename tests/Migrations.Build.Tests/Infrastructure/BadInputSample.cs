using System.Security.Cryptography;
using System.Text;
using FluentAssertions;
using Migrations.Build.Protocol.Backups;

namespace Migrations.Build.Tests.Infrastructure;

/// <summary>
/// One bad input to <c>dotnet migrate</c>: its arguments (with placeholders, see <see cref="BadInputSample"/>),
/// extra environment, the contract's exit code, and the phrases its message must hold.
/// </summary>
public sealed record BadInputRow(string Name, string[] Args, int ExitCode, string[] Phrases)
{
    public Dictionary<string, string?> Environment { get; init; } = [];

    /// <summary>Text that must appear nowhere in the output (a password, a key).</summary>
    public string? Secret { get; init; }

    /// <summary>Phrases the message must not hold: a hint that doesn't fit (a server, for a SQLite file).</summary>
    public string[] Absent { get; init; } = [];

    /// <summary>Another process holds the database copy locked (an exclusive transaction) while the tool runs, as an app or a database browser may.</summary>
    public bool Locked { get; init; }

    /// <summary>
    /// A restore refused only once the whole file is read (damage past its header, a table it lacks):
    /// that read happens under the migrations lock, so SQLite's empty lock file stays beside the
    /// database, as after any changing command.
    /// </summary>
    public bool LeavesLockFile { get; init; }

    public static BadInputRow Row(string name, string args, int exitCode, params string[] phrases) => new(name, Split(args), exitCode, phrases);

    /// <summary>Splits on spaces; <c>''</c> stands for an empty argument.</summary>
    public static string[] Split(string args) => args.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(a => a == "''" ? string.Empty : a).ToArray();

    public override string ToString() => Name;
}

/// <summary>
/// The sample built once for every bad-input row, a migrated SQLite database with two members, and a
/// folder of backups good and bad. Each row gets its own copy of that database in a folder of its
/// own, runs the tool once, and must leave the copy, its folder, the project and the backups as they
/// were; the audit log gains its one line. Placeholders in a row's arguments: <c>{db}</c> the copy's
/// connection string, <c>{dir}</c> the row's folder, <c>{files}</c> the backups folder, <c>{good}</c> and
/// <c>{sealed}</c> the tool's own backups, plain and encrypted.
/// </summary>
public sealed class BadInputSample : IDisposable
{
    private const string Key = "the passphrase the sealed backup was written with";

    /// <summary>Commands that read backup files only: no build, no database.</summary>
    private static readonly HashSet<string> FileCommands = ["show-backup", "list-backups", "prune-backups"];

    private readonly string _root;
    private readonly string _pristine;
    private readonly Dictionary<string, string> _backups = [];

    public BadInputSample()
    {
        Copy = new SampleCopy();
        Copy.Build();
        _root = Path.GetDirectoryName(Copy.Directory)!;
        _pristine = Path.Combine(_root, "pristine", "library.db");
        Directory.CreateDirectory(Path.GetDirectoryName(_pristine)!);
        Expect(Copy.Migrate("upgrade", "--no-build", "--connection", $"Data Source={_pristine}"));
        SqliteFile.Execute(_pristine, "INSERT INTO \"Members\" (\"Name\", \"Email\", \"JoinedAt\") "
            + "VALUES ('Ada', 'ada@example.com', '2024-01-01'), ('Alan', 'alan@example.com', '2024-01-02')");

        Files = Path.Combine(_root, "files");
        foreach (var (name, key, compress) in new[] { ("good", null, false), ("sealed", Key, false), ("zipped", null, true) })
        {
            var env = new Dictionary<string, string?> { [BackupStreams.KeyVariable] = key };
            string[] args = ["backup", "--name", name, "--backup-dir", Files, "--no-build", "--connection", $"Data Source={_pristine}", "--json",
                .. compress ? new[] { "--compress" } : []];
            var run = Copy.MigrateWith(env, args);
            Expect(run);
            _backups[name] = run.Json().GetProperty("file").GetString()!;
        }

        var good = File.ReadAllBytes(_backups["good"]);
        var text = Encoding.UTF8.GetString(good);
        File.WriteAllBytes(Path.Combine(Files, "truncated.json"), good[..(good.Length / 2)]);
        File.WriteAllText(Path.Combine(Files, "tampered.json"), text.Replace("ada@example.com", "eve@example.com", StringComparison.Ordinal));
        File.WriteAllText(Path.Combine(Files, "future.json"), text.Replace("\"version\":2,", "\"version\":99,", StringComparison.Ordinal));
        File.WriteAllText(Path.Combine(Files, "empty.json"), string.Empty);
        File.WriteAllText(Path.Combine(Files, "notes.json"), "{\"hello\": \"not a backup\"}");
        var tables = text.IndexOf("\"tables\":[", StringComparison.Ordinal) + "\"tables\":[".Length;
        var end = text.LastIndexOf("],\"complete\"", StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(Files, "table-twice.json"), text[..end] + "," + text[tables..end] + text[end..]);
        File.WriteAllText(Path.Combine(Files, "columns-by-case.json"), text.Replace("{\"name\":\"Email\",", "{\"name\":\"NAME\",", StringComparison.Ordinal));
        WriteBomb(Path.Combine(Files, "bomb.json.gz"), text[..tables]);
        var zipped = File.ReadAllBytes(_backups["zipped"]);
        File.WriteAllBytes(Path.Combine(Files, "cut.json.gz"), zipped[..(zipped.Length / 2)]);
    }

    /// <summary>A real header, then 200 MiB of whitespace that gzip squeezes to a few hundred KiB.</summary>
    private static void WriteBomb(string path, string header)
    {
        using var gzip = new System.IO.Compression.GZipStream(File.Create(path), System.IO.Compression.CompressionLevel.Fastest);
        gzip.Write(Encoding.UTF8.GetBytes(header));
        var spaces = new byte[1 << 20];
        Array.Fill(spaces, (byte)' ');
        for (var i = 0; i < 200; i++)
        {
            gzip.Write(spaces);
        }
    }

    public SampleCopy Copy { get; }

    public string Files { get; }

    /// <summary>Runs the row on a fresh copy of the database and checks all it promises.</summary>
    public void Check(BadInputRow row)
    {
        var dir = Path.Combine(_root, "rows", row.Name.Replace(' ', '-'));
        Directory.CreateDirectory(dir);
        var db = Path.Combine(dir, "library.db");
        File.Copy(_pristine, db);
        var args = row.Args.Select(a => a.Replace("{db}", $"Data Source={db}", StringComparison.Ordinal).Replace("{dir}", dir, StringComparison.Ordinal)
            .Replace("{files}", Files, StringComparison.Ordinal).Replace("{good}", _backups["good"], StringComparison.Ordinal)
            .Replace("{sealed}", _backups["sealed"], StringComparison.Ordinal)).ToList();
        var command = args.FirstOrDefault(a => !a.StartsWith('-')) ?? string.Empty;
        var fileCommand = FileCommands.Contains(command);
        if (!fileCommand && !args.Contains("--connection") && !row.Environment.ContainsKey("MIGRATIONS_CONNECTION"))
        {
            args.AddRange(["--connection", $"Data Source={db}"]);
        }

        if (!fileCommand)
        {
            args.Add("--no-build");
        }

        if (command != "show-backup" && !args.Contains("--project"))
        {
            args.AddRange(["--project", Copy.Directory]);
        }

        var before = Snapshot();
        var audit = AuditLines(dir);
        ProcessResult run;
        using (var holder = row.Locked ? SqliteFile.Lock(db) : null)
        {
            run = Copy.Tool(row.Environment, [.. args]);
        }

        run.ExitCode.Should().Be(row.ExitCode, run.ToString());
        foreach (var phrase in row.Phrases)
        {
            run.Stderr.Should().Contain(phrase, "the message says what was wrong: {0}", run);
        }

        foreach (var phrase in row.Absent)
        {
            run.Stderr.Should().NotContain(phrase, "that hint doesn't fit: {0}", run);
        }

        run.All.Should().NotContain("Unhandled exception").And.NotMatchRegex(@"(?m)^\s+at \S+\.\S+\(", "a bad input is no crash");
        if (row.Secret is { } secret)
        {
            run.All.Should().NotContain(secret);
        }

        if (args.Contains("--json"))
        {
            run.Json().GetProperty("error").GetProperty("exitCode").GetInt32().Should().Be(row.ExitCode, "--json prints the failure as one document");
        }

        Snapshot().Should().Equal(before, "nothing in the project, the backups or the default database changes");
        string[] expected = row.LeavesLockFile ? ["library.db", "library.db.migrations-lock"] : ["library.db"];
        Directory.GetFileSystemEntries(dir).Select(Path.GetFileName).Where(f => f != "migrations-audit.jsonl").Order(StringComparer.Ordinal).Should()
            .Equal(expected, "nothing appears beside the database");
        File.ReadAllBytes(db).Should().Equal(File.ReadAllBytes(_pristine), "the database is unchanged");
        AuditLines(dir).Should().Be(audit + 1, "the run is audited once");
    }

    /// <summary>
    /// Every file of the project (but its build output and audit log) and of the backups folder, with a
    /// hash of its bytes, and every folder (an empty backup folder is a change too).
    /// </summary>
    private Dictionary<string, string> Snapshot()
        => new[] { Copy.Directory, Files }.SelectMany(d => Directory.GetFileSystemEntries(d, "*", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && Path.GetFileName(f) != "migrations-audit.jsonl")
            .ToDictionary(f => f, f => Directory.Exists(f) ? "folder" : Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))));

    /// <summary>Audit lines where a run may write them: beside the project (the current folder), or beside the backups (--backup-dir's parent).</summary>
    private int AuditLines(string dir)
        => new[] { Copy.Directory, dir, _root, Files }.Select(d => Path.Combine(d, "migrations-audit.jsonl")).Where(File.Exists)
            .Sum(f => File.ReadAllLines(f).Length);

    private static void Expect(ProcessResult run) => run.ExitCode.Should().Be(0, "the bad-input sample needs it: {0}", run);

    public void Dispose() => Copy.Dispose();
}

[CollectionDefinition(Name)]
public sealed class BadInputCollection : ICollectionFixture<BadInputSample>
{
    public const string Name = "Bad input";
}
