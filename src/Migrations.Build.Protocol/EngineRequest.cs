using System.Globalization;
using System.Text.Json;

namespace Migrations.Build.Protocol;

/// <summary>
/// What a caller asks of the engine. It crosses the process boundary as command-line arguments,
/// except the connection string, which travels in <see cref="ConnectionVariable"/> so it never
/// shows in a process listing.
/// </summary>
public sealed record EngineRequest
{
    public const string ConnectionVariable = "MIGRATIONS_ENGINE_CONNECTION";

    /// <summary>
    /// Where users keep a connection string with a secret for the tool and the build: an environment
    /// variable is never echoed into build logs, unlike an MSBuild property.
    /// </summary>
    public const string UserConnectionVariable = "MIGRATIONS_CONNECTION";

    public required string Command { get; init; }

    /// <summary>The assembly that holds the migrations (the project).</summary>
    public required string Assembly { get; init; }

    /// <summary>The app whose dependency context the engine runs in (the startup project).</summary>
    public required string StartupAssembly { get; init; }

    public required string ProjectDir { get; init; }

    public string? RootNamespace { get; init; }

    public string? Language { get; init; }

    public bool Nullable { get; init; }

    public string? Context { get; init; }

    public string? Target { get; init; }

    public string? Environment { get; init; }

    /// <summary>revision: the message the migration is named from.</summary>
    public string? Message { get; init; }

    public bool NoAutogenerate { get; init; }

    /// <summary>rebase, squash: say what would change, change nothing.</summary>
    public bool DryRun { get; init; }

    /// <summary>squash: leave the squashed range's raw SQL data steps (INSERT, UPDATE, DELETE...) out instead of keeping them.</summary>
    public bool DropDataSteps { get; init; }

    /// <summary>upgrade/downgrade: print the SQL instead of running it.</summary>
    public bool Sql { get; init; }

    public bool Idempotent { get; init; }

    public bool Verbose { get; init; }

    /// <summary>Running as the build's gate: pending migrations are warnings, not errors.</summary>
    public bool BuildGate { get; init; }

    /// <summary>
    /// Sent by the MSBuild tasks: messages name MSBuild properties rather than the tool's options, and
    /// the verbs that can run over several contexts do so when none is named (<c>EngineCommands.ManyContexts</c>).
    /// </summary>
    public bool FromBuild { get; init; }

    /// <summary>What a loaded two-core CI machine needs to start the app and read the history table.</summary>
    public const int DefaultDatabaseTimeout = 15;

    /// <summary>Seconds a reading check waits for the database before calling it unreachable.</summary>
    public int DatabaseTimeout { get; init; } = DefaultDatabaseTimeout;

    /// <summary>The integrity file; default: beside the model snapshot.</summary>
    public string? LockFile { get; init; }

    /// <summary>backup: its name (the file is name_yyyyMMdd_HHmmss.json).</summary>
    public string? Name { get; init; }

    /// <summary>rebase: the migrations to move, by name or id (default: those check names, MIG014 or MIG012).</summary>
    public IReadOnlyList<string> Migrations { get; init; } = [];

    /// <summary>backup: only these tables (default: every table of the model).</summary>
    public IReadOnlyList<string> Tables { get; init; } = [];

    /// <summary>Where backups go; default: migrations-backups beside the project.</summary>
    public string? BackupDirectory { get; init; }

    /// <summary>restore: the backup file.</summary>
    public string? File { get; init; }

    /// <summary>The user confirmed (--yes, MigrationsYes): e.g. an upgrade with unsafe findings in production.</summary>
    public bool Yes { get; init; }

    /// <summary>
    /// The caller can ask a person (the tool on a terminal): a production move that needs a 'yes' sends
    /// its plan as a <see cref="EngineEvent.Plan"/> event with the question and waits for the answer on
    /// stdin, in the same run, instead of being refused.
    /// </summary>
    public bool Ask { get; init; }

    /// <summary>
    /// A fleet's worker: the connection strings come on stdin, one per line, and the command runs on
    /// each in turn (the runtime, the app and EF Core's services started once); an
    /// <see cref="EngineEvent.End"/> event with its exit code follows each database's events.
    /// </summary>
    public bool Fleet { get; init; }

    /// <summary>check: judge the code alone, never reading a database (the publish gate without a publish connection).</summary>
    public bool Offline { get; init; }

    /// <summary>lock: record every migration not yet locked as reviewed, whatever its findings, without the database (adoption).</summary>
    public bool Baseline { get; init; }

    /// <summary>
    /// The build gate's stamp (obj/.../migrations.check.stamp): a command that changes the database
    /// deletes it, so the next build checks again instead of replaying what the last check found.
    /// </summary>
    public string? CheckStamp { get; init; }

    /// <summary>rollback: go on although validate finds high risk (the backup is still made).</summary>
    public bool Force { get; init; }

    /// <summary>Seconds a changing command waits for the migrations lock before refusing (exit 4).</summary>
    public int LockTimeout { get; init; } = 60;

    /// <summary>Seconds a migration's statements wait for a table's lock (PostgreSQL, SQL Server); 0: no limit.</summary>
    public int DdlLockTimeout { get; init; } = 10;

    /// <summary>How many times a migration that timed out waiting for a table's lock is tried again.</summary>
    public int DdlLockRetries { get; init; } = 3;

    public const long DefaultLargeTableRows = 100_000;

    /// <summary>With a database: a finding on an operation that locks or rewrites a table holding more rows than this is an error.</summary>
    public long LargeTableRows { get; init; } = DefaultLargeTableRows;

    /// <summary>prod-check: how old the newest backup may be when pending migrations have findings.</summary>
    public int MaxBackupAgeHours { get; init; } = 24;

    /// <summary>backup: gzip the file (.json.gz).</summary>
    public bool Compress { get; init; }

    /// <summary>test: the migration the cycle starts from (the database is first brought there); default base.</summary>
    public string? From { get; init; }

    /// <summary>test: tables left out of the schema comparisons (glob patterns, * and ?).</summary>
    public IReadOnlyList<string> IgnoreTables { get; init; } = [];

    /// <summary>test: run on the --connection database although it already has tables.</summary>
    public bool AllowExisting { get; init; }

    /// <summary>test: seed data to check through the cycle, a SQL file's full path or <see cref="AppSeed"/>.</summary>
    public string? Seed { get; init; }

    /// <summary>The <see cref="Seed"/> that means the context's own UseSeeding rather than a SQL file.</summary>
    public const string AppSeed = "app";

    /// <summary>test: the migration after which the seed goes in (default the cycle's start: --from, else its first migration).</summary>
    public string? SeedAt { get; init; }

    /// <summary>For scripts: write the SQL to this file instead of returning it in the result.</summary>
    public string? OutputFile { get; init; }

    /// <summary>Assemblies to load by path when the app's deps.json lacks them (e.g. EF Core Design).</summary>
    public IReadOnlyList<string> AssemblyPaths { get; init; } = [];

    /// <summary>
    /// The projects the app references, each as <c>assembly path|project folder</c>: where the sources of
    /// entities and migrations in those projects are, and which project the migrations assembly is.
    /// </summary>
    public IReadOnlyList<string> ProjectReferences { get; init; } = [];

    /// <summary>Arguments forwarded to the app (IDesignTimeDbContextFactory args, host args).</summary>
    public IReadOnlyList<string> AppArgs { get; init; } = [];

    /// <summary>
    /// The version of this request's shape. The tool or task and the engine each carry their own copy
    /// of this assembly; a different number means they come from different versions of Migrations.Build.
    /// </summary>
    public const int ProtocolVersion = 3;

    /// <summary>
    /// The engine's arguments: the command (so a process listing says what runs), the protocol
    /// version, and the request as one JSON document: each option is its property, defined once,
    /// written and read by the same serializer, defaults from the initializers above.
    /// </summary>
    public IReadOnlyList<string> ToArguments()
        => [Command, "--protocol", ProtocolVersion.ToString(CultureInfo.InvariantCulture), "--request", JsonSerializer.Serialize(this, ProtocolJson.Compact)];

    /// <summary>Reads what <see cref="ToArguments"/> wrote. Callers are our own code, so errors are terse.</summary>
    /// <exception cref="ProtocolMismatchException">The caller speaks another version of the protocol.</exception>
    public static EngineRequest Parse(IReadOnlyList<string> args)
    {
        if (args.Count == 0)
        {
            throw new ArgumentException("The engine needs a command as its first argument.");
        }

        string? Value(string name) => args.Skip(1).SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        var protocol = Value("--protocol");
        if (protocol != ProtocolVersion.ToString(CultureInfo.InvariantCulture))
        {
            throw new ProtocolMismatchException(protocol);
        }

        try
        {
            return JsonSerializer.Deserialize<EngineRequest>(Value("--request") ?? throw new ArgumentException("The engine needs '--request'."),
                ProtocolJson.Compact)
                ?? throw new ArgumentException("The engine's request is empty.");
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"The engine's request is not readable: {e.Message}", e);
        }
    }
}

/// <summary>The engine was called by a tool or task of another version of Migrations.Build.</summary>
public sealed class ProtocolMismatchException(string? callerVersion) : ArgumentException(
    $"The engine speaks protocol {EngineRequest.ProtocolVersion}, "
    + $"but was called with {(callerVersion is null ? "no protocol version (an older caller)" : $"protocol {callerVersion}")}: "
    + "the dotnet migrate tool or the Migrations.Build package and the engine it found come from different versions. "
    + "Install the same version of both (dotnet tool update, and the package's version in the project), then rebuild.");
