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

    /// <summary>backup: only these tables (default: every table of the model).</summary>
    public IReadOnlyList<string> Tables { get; init; } = [];

    /// <summary>Where backups go; default: migrations-backups beside the project.</summary>
    public string? BackupDirectory { get; init; }

    /// <summary>restore: the backup file.</summary>
    public string? File { get; init; }

    /// <summary>The user confirmed (--yes, MigrationsYes): e.g. an upgrade with unsafe findings in production.</summary>
    public bool Yes { get; init; }

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

    public IReadOnlyList<string> ToArguments()
    {
        var args = new List<string> { Command };
        void Add(string name, string? value)
        {
            if (value is not null)
            {
                args.Add(name);
                args.Add(value);
            }
        }

        void Flag(string name, bool on)
        {
            if (on)
            {
                args.Add(name);
            }
        }

        Add("--assembly", Assembly);
        Add("--startup-assembly", StartupAssembly);
        Add("--project-dir", ProjectDir);
        Add("--root-namespace", RootNamespace);
        Add("--language", Language);
        Flag("--nullable", Nullable);
        Add("--context", Context);
        Add("--target", Target);
        Add("--environment", Environment);
        Add("--message", Message);
        Flag("--no-autogenerate", NoAutogenerate);
        Flag("--sql", Sql);
        Flag("--idempotent", Idempotent);
        Flag("--verbose", Verbose);
        Flag("--build-gate", BuildGate);
        Flag("--from-build", FromBuild);
        Add("--database-timeout", DatabaseTimeout.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Add("--output", OutputFile);
        Add("--lock-file", LockFile);
        Add("--name", Name);
        Add("--backup-dir", BackupDirectory);
        Add("--file", File);
        Flag("--force", Force);
        Flag("--baseline", Baseline);
        Flag("--offline", Offline);
        Add("--check-stamp", CheckStamp);
        Flag("--yes", Yes);
        Add("--lock-timeout", LockTimeout.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Add("--ddl-lock-timeout", DdlLockTimeout.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Add("--ddl-lock-retries", DdlLockRetries.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Add("--large-table-rows", LargeTableRows.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Flag("--compress", Compress);
        Add("--max-backup-age", MaxBackupAgeHours.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Add("--from", From);
        Flag("--allow-existing", AllowExisting);
        Add("--seed", Seed);
        Add("--seed-at", SeedAt);
        foreach (var pattern in IgnoreTables)
        {
            Add("--ignore-table", pattern);
        }

        foreach (var table in Tables)
        {
            Add("--table", table);
        }
        foreach (var path in AssemblyPaths)
        {
            Add("--assembly-path", path);
        }

        foreach (var reference in ProjectReferences)
        {
            Add("--project-reference", reference);
        }

        if (AppArgs.Count > 0)
        {
            args.Add("--");
            args.AddRange(AppArgs);
        }

        return args;
    }

    /// <summary>Parses what <see cref="ToArguments"/> wrote. Callers are our own code, so errors are terse.</summary>
    public static EngineRequest Parse(IReadOnlyList<string> args)
    {
        if (args.Count == 0)
        {
            throw new ArgumentException("The engine needs a command as its first argument.");
        }

        var values = new Dictionary<string, string>();
        var flags = new HashSet<string>();
        var lists = new[] { "--assembly-path", "--table", "--ignore-table", "--project-reference" }.ToDictionary(n => n, _ => new List<string>());
        var appArgs = new List<string>();
        for (var i = 1; i < args.Count; i++)
        {
            var name = args[i];
            if (name == "--")
            {
                appArgs.AddRange(args.Skip(i + 1));
                break;
            }

            if (name is "--nullable" or "--no-autogenerate" or "--sql" or "--idempotent" or "--verbose" or "--build-gate" or "--from-build" or "--force" or "--compress" or "--yes" or "--allow-existing" or "--baseline" or "--offline")
            {
                flags.Add(name);
            }
            else if (i + 1 < args.Count)
            {
                var value = args[++i];
                if (lists.TryGetValue(name, out var list))
                {
                    list.Add(value);
                }
                else
                {
                    values[name] = value;
                }
            }
            else
            {
                throw new ArgumentException($"The engine option '{name}' needs a value.");
            }
        }

        string Required(string name) => values.GetValueOrDefault(name)
            ?? throw new ArgumentException($"The engine needs '{name}'.");

        return new EngineRequest
        {
            Command = args[0],
            Assembly = Required("--assembly"),
            StartupAssembly = Required("--startup-assembly"),
            ProjectDir = Required("--project-dir"),
            RootNamespace = values.GetValueOrDefault("--root-namespace"),
            Language = values.GetValueOrDefault("--language"),
            Nullable = flags.Contains("--nullable"),
            Context = values.GetValueOrDefault("--context"),
            Target = values.GetValueOrDefault("--target"),
            Environment = values.GetValueOrDefault("--environment"),
            Message = values.GetValueOrDefault("--message"),
            NoAutogenerate = flags.Contains("--no-autogenerate"),
            Sql = flags.Contains("--sql"),
            Idempotent = flags.Contains("--idempotent"),
            Verbose = flags.Contains("--verbose"),
            BuildGate = flags.Contains("--build-gate"),
            FromBuild = flags.Contains("--from-build"),
            DatabaseTimeout = values.TryGetValue("--database-timeout", out var timeout) ? int.Parse(timeout, System.Globalization.CultureInfo.InvariantCulture) : DefaultDatabaseTimeout,
            OutputFile = values.GetValueOrDefault("--output"),
            LockFile = values.GetValueOrDefault("--lock-file"),
            Name = values.GetValueOrDefault("--name"),
            BackupDirectory = values.GetValueOrDefault("--backup-dir"),
            File = values.GetValueOrDefault("--file"),
            Force = flags.Contains("--force"),
            Baseline = flags.Contains("--baseline"),
            Offline = flags.Contains("--offline"),
            CheckStamp = values.GetValueOrDefault("--check-stamp"),
            Yes = flags.Contains("--yes"),
            Compress = flags.Contains("--compress"),
            MaxBackupAgeHours = values.TryGetValue("--max-backup-age", out var age) ? int.Parse(age, System.Globalization.CultureInfo.InvariantCulture) : 24,
            LockTimeout = values.TryGetValue("--lock-timeout", out var lockTimeout) ? int.Parse(lockTimeout, System.Globalization.CultureInfo.InvariantCulture) : 60,
            DdlLockTimeout = values.TryGetValue("--ddl-lock-timeout", out var ddlTimeout) ? int.Parse(ddlTimeout, System.Globalization.CultureInfo.InvariantCulture) : 10,
            DdlLockRetries = values.TryGetValue("--ddl-lock-retries", out var ddlRetries) ? int.Parse(ddlRetries, System.Globalization.CultureInfo.InvariantCulture) : 3,
            LargeTableRows = values.TryGetValue("--large-table-rows", out var largeRows) ? long.Parse(largeRows, System.Globalization.CultureInfo.InvariantCulture) : DefaultLargeTableRows,
            Tables = lists["--table"],
            From = values.GetValueOrDefault("--from"),
            IgnoreTables = lists["--ignore-table"],
            AllowExisting = flags.Contains("--allow-existing"),
            Seed = values.GetValueOrDefault("--seed"),
            SeedAt = values.GetValueOrDefault("--seed-at"),
            AssemblyPaths = lists["--assembly-path"],
            ProjectReferences = lists["--project-reference"],
            AppArgs = appArgs,
        };
    }
}
