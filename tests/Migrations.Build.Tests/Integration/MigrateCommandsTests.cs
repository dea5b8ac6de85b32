using System.Text.Json;
using FluentAssertions;
using Migrations.Build.Tests.Infrastructure;

namespace Migrations.Build.Tests.Integration;

/// <summary>
/// upgrade, downgrade, current, history, stamp, check and --sql on the sample: one definition, run on
/// every provider (see the classes at the end), each test on its own database.
/// </summary>
public abstract class MigrateCommandsTests
{
    protected abstract SampleCopy Copy { get; }

    protected abstract TestDatabases Databases { get; }

    protected ProcessResult Migrate(string connection, params string[] args)
        => Copy.Migrate([.. args, "--no-build", "--connection", connection]);

    private (string? Current, string? Head, string[] Pending) Current(string connection)
    {
        var run = Migrate(connection, "current", "--json");
        run.ExitCode.Should().Be(0, run.ToString());
        var json = run.Json();
        return (json.GetProperty("current").GetString(), json.GetProperty("head").GetString(),
            json.GetProperty("pending").EnumerateArray().Select(e => e.GetString()!).ToArray());
    }

    private Dictionary<string, bool> History(string connection)
    {
        var run = Migrate(connection, "history", "--json");
        run.ExitCode.Should().Be(0, run.ToString());
        return run.Json().GetProperty("migrations").EnumerateArray()
            .ToDictionary(m => m.GetProperty("name").GetString()!, m => m.GetProperty("applied").GetBoolean());
    }

    [Fact]
    public void Upgrade_to_head_applies_every_migration()
    {
        var db = Databases.New(nameof(Upgrade_to_head_applies_every_migration));

        var run = Migrate(db, "upgrade");

        run.ExitCode.Should().Be(0, run.ToString());
        run.Stdout.Should().Contain("Applied 2 migration(s)");
        var (current, head, pending) = Current(db);
        current.Should().Be(head).And.EndWith("_AddLoans");
        pending.Should().BeEmpty();
        History(db).Should().Equal(new Dictionary<string, bool> { ["InitialCreate"] = true, ["AddLoans"] = true });
        Databases.Tables(db).Should().Contain(["Authors", "Books", "Members", "Loans"]);
    }

    [Fact]
    public void Downgrade_minus_one_then_upgrade_plus_one_moves_one_step_each()
    {
        var db = Databases.New(nameof(Downgrade_minus_one_then_upgrade_plus_one_moves_one_step_each));
        Migrate(db, "upgrade").ExitCode.Should().Be(0);

        var down = Migrate(db, "downgrade", "-1");

        down.ExitCode.Should().Be(0, down.ToString());
        History(db).Should().Equal(new Dictionary<string, bool> { ["InitialCreate"] = true, ["AddLoans"] = false });
        Databases.Tables(db).Should().NotContain("Loans").And.Contain("Books");

        var up = Migrate(db, "upgrade", "+1");

        up.ExitCode.Should().Be(0, up.ToString());
        History(db).Should().Equal(new Dictionary<string, bool> { ["InitialCreate"] = true, ["AddLoans"] = true });
        Databases.Tables(db).Should().Contain("Loans");
    }

    [Fact]
    public void Targets_by_name_prefix_and_base_resolve()
    {
        var db = Databases.New(nameof(Targets_by_name_prefix_and_base_resolve));
        var head = Current(db).Head!;

        Migrate(db, "upgrade", "initialcreate").ExitCode.Should().Be(0);
        Current(db).Current.Should().EndWith("_InitialCreate");

        Migrate(db, "upgrade", head[..16]).ExitCode.Should().Be(0); // unique prefix, into the name
        Current(db).Current.Should().Be(head);

        Migrate(db, "downgrade", "base").ExitCode.Should().Be(0);
        Current(db).Current.Should().BeNull();
        Databases.Tables(db).Should().NotContain(["Authors", "Books", "Members", "Loans"]);
    }

    [Fact]
    public void Stamp_records_history_without_running_migrations()
    {
        var db = Databases.New(nameof(Stamp_records_history_without_running_migrations));

        var stamp = Migrate(db, "stamp", "head", "--json");

        stamp.ExitCode.Should().Be(0, stamp.ToString());
        stamp.Json().GetProperty("inserted").GetArrayLength().Should().Be(2);
        Current(db).Pending.Should().BeEmpty();
        Databases.Tables(db).Should().Equal("__EFMigrationsHistory"); // nothing ran

        Migrate(db, "stamp", "InitialCreate").ExitCode.Should().Be(0);
        History(db).Should().Equal(new Dictionary<string, bool> { ["InitialCreate"] = true, ["AddLoans"] = false });

        Migrate(db, "stamp", "base").ExitCode.Should().Be(0);
        Current(db).Current.Should().BeNull();
        Databases.Applied(db).Should().BeEmpty();
    }

    [Fact]
    public void Upgrade_sql_prints_the_ddl_and_touches_no_database()
    {
        var db = Databases.New(nameof(Upgrade_sql_prints_the_ddl_and_touches_no_database));

        var run = Migrate(db, "upgrade", "--sql");

        run.ExitCode.Should().Be(0, run.ToString());
        run.Stdout.Should().Contain("CREATE TABLE \"Authors\"").And.Contain("CREATE TABLE \"Loans\"")
            .And.Contain("CREATE UNIQUE INDEX \"IX_Books_Isbn\"");
        Databases.Exists(db).Should().BeFalse("--sql only prints");
    }

    [Fact]
    public void Downgrade_sql_scripts_from_the_current_migration()
    {
        var db = Databases.New(nameof(Downgrade_sql_scripts_from_the_current_migration));
        Migrate(db, "upgrade").ExitCode.Should().Be(0);

        var run = Migrate(db, "downgrade", "-1", "--sql", "--json");

        run.ExitCode.Should().Be(0, run.ToString());
        var sql = run.Json().GetProperty("sql").GetString();
        sql.Should().Contain("DROP TABLE \"Loans\"").And.NotContain("DROP TABLE \"Books\"");
        Current(db).Current.Should().EndWith("_AddLoans", "--sql changes nothing");
    }

    [Fact]
    public void Reading_commands_do_not_create_the_database()
    {
        var db = Databases.New(nameof(Reading_commands_do_not_create_the_database));

        var current = Migrate(db, "current", "--json");
        var history = Migrate(db, "history");

        current.ExitCode.Should().Be(0, current.ToString());
        current.Json().GetProperty("databaseExists").GetBoolean().Should().BeFalse();
        current.Json().GetProperty("current").ValueKind.Should().Be(JsonValueKind.Null);
        history.ExitCode.Should().Be(0, history.ToString());
        history.Stdout.Should().Contain("pending").And.Contain("No database yet");
        current.Stderr.Should().Contain("Database: ").And.Contain("environment: Development", "current says which database and environment it read");
        Databases.Exists(db).Should().BeFalse();
    }

    [Theory]
    [InlineData("NoSuchMigration", "No migration matches 'NoSuchMigration'")]
    [InlineData("2026", "is ambiguous")]
    [InlineData("+5", "goes past head")]
    public void A_bad_target_is_a_usage_error_that_lists_candidates_and_changes_nothing(string target, string expected)
    {
        var db = Databases.New("bad-target-" + target.Replace("+", "plus", StringComparison.Ordinal));
        Migrate(db, "upgrade", "InitialCreate").ExitCode.Should().Be(0);

        var run = Migrate(db, "upgrade", target);

        run.ExitCode.Should().Be(2, run.ToString());
        run.Stderr.Should().Contain(expected);
        if (target != "+5")
        {
            run.Stderr.Should().Contain("_InitialCreate").And.Contain("_AddLoans");
        }

        Current(db).Current.Should().EndWith("_InitialCreate");
    }

    [Fact]
    public void Going_the_wrong_direction_is_refused()
    {
        var db = Databases.New(nameof(Going_the_wrong_direction_is_refused));
        Migrate(db, "upgrade").ExitCode.Should().Be(0);

        var up = Migrate(db, "upgrade", "InitialCreate");
        var down = Migrate(db, "downgrade", "head");

        up.ExitCode.Should().Be(2, up.ToString());
        up.Stderr.Should().Contain("is older than the database's current migration").And.Contain("downgrade");
        down.ExitCode.Should().Be(0, "downgrading to where the database already is does nothing: {0}", down);
        Current(db).Current.Should().EndWith("_AddLoans");
    }

    [Fact]
    public void An_unreachable_database_is_exit_code_3()
    {
        var run = Migrate(Databases.Unreachable, "upgrade", "--json");

        run.ExitCode.Should().Be(3, run.ToString());
        run.Stderr.Should().Contain("database");
        run.Json().GetProperty("error").GetProperty("exitCode").GetInt32().Should().Be(3);
    }

    [Fact]
    public void Validate_counts_the_rows_a_downgrade_would_delete_and_changes_nothing()
    {
        var db = Databases.New(nameof(Validate_counts_the_rows_a_downgrade_would_delete_and_changes_nothing));
        Migrate(db, "upgrade").ExitCode.Should().Be(0);
        Databases.Execute(db, "INSERT INTO \"Members\" (\"Name\", \"Email\", \"JoinedAt\") "
            + "VALUES ('Ada', 'ada@example.com', '2024-01-01'), ('Alan', 'alan@example.com', '2024-01-02')");

        var down = Migrate(db, "validate", "base", "--json");

        down.ExitCode.Should().Be(1, "high risk: {0}", down);
        var json = down.Json();
        json.GetProperty("risk").GetString().Should().Be("high");
        json.GetProperty("direction").GetString().Should().Be("downgrade");
        var drops = json.GetProperty("findings").EnumerateArray().Where(f => f.GetProperty("rule").GetString() == "MIG101")
            .ToDictionary(f => f.GetProperty("table").GetString()!, f => f.GetProperty("rowsAtRisk").GetInt64());
        drops.Should().Contain("Members", 2).And.Contain("Authors", 0).And.Contain("Loans", 0);
        Databases.Applied(db).Should().HaveCount(2, "validate changes nothing");

        var up = Migrate(db, "validate", "head", "--json");

        up.ExitCode.Should().Be(0, up.ToString());
        up.Json().GetProperty("risk").GetString().Should().Be("none");
        up.Json().GetProperty("direction").GetString().Should().Be("none");
    }

    [Fact]
    public void Backup_streams_the_tables_with_counts_and_checksums_that_verify_and_catch_tampering()
    {
        var db = Databases.New(nameof(Backup_streams_the_tables_with_counts_and_checksums_that_verify_and_catch_tampering));
        Migrate(db, "upgrade").ExitCode.Should().Be(0);
        Databases.Execute(db, "INSERT INTO \"Members\" (\"Name\", \"Email\", \"JoinedAt\") "
            + "VALUES ('Åsa Ünïcødé 🙂', 'asa@example.com', '2024-01-01'), ('Alan', 'alan@example.com', '2024-01-02')");
        var folder = Path.Combine(Copy.Directory, "backups-" + Guid.NewGuid().ToString("N")[..8]);

        var backup = Migrate(db, "backup", "--name", "before-change", "--backup-dir", folder, "--json");

        backup.ExitCode.Should().Be(0, backup.ToString());
        var file = backup.Json().GetProperty("file").GetString()!;
        Path.GetFileName(file).Should().MatchRegex(@"^before-change_\d{8}_\d{6}\.json$");
        backup.Json().GetProperty("tables").EnumerateArray().ToDictionary(t => t.GetProperty("name").GetString()!, t => t.GetProperty("rows").GetInt64())
            .Should().Contain("Members", 2).And.Contain("Loans", 0).And.ContainKey("Books");
        Directory.GetFiles(folder).Should().ContainSingle("no partial file is left");
        using (var saved = JsonDocument.Parse(File.ReadAllText(file)))
        {
            var members = saved.RootElement.GetProperty("tables").EnumerateArray().Single(t => t.GetProperty("name").GetString() == "Members");
            members.GetProperty("rows")[0][1].GetString().Should().Be("Åsa Ünïcødé 🙂", "any Unicode survives the backup");
            saved.RootElement.GetProperty("complete").GetBoolean().Should().BeTrue();
        }


        var show = ProcessResult.Run("dotnet", [Repo.ToolDll, "show-backup", file, "--verify"], folder);
        show.ExitCode.Should().Be(0, show.ToString());
        show.Stdout.Should().Contain("Members: 2 row(s), checksum ok");
        var list = ProcessResult.Run("dotnet", [Repo.ToolDll, "list-backups", "--backup-dir", folder, "--json"], folder);
        list.Json().GetProperty("backups").GetArrayLength().Should().Be(1);

        File.WriteAllText(file, File.ReadAllText(file).Replace("Alan", "Eve!", StringComparison.Ordinal));
        var tampered = ProcessResult.Run("dotnet", [Repo.ToolDll, "show-backup", file, "--verify"], folder);
        tampered.ExitCode.Should().Be(1, tampered.ToString());
        tampered.Stderr.Should().Contain("Checksum mismatch in Members");

        File.WriteAllText(file, File.ReadAllText(file)[..200]);
        var truncated = ProcessResult.Run("dotnet", [Repo.ToolDll, "show-backup", file], folder);
        truncated.ExitCode.Should().Be(2, truncated.ToString());
        truncated.Stderr.Should().Contain("not a complete backup file");
    }

    [Fact]
    public void Json_output_is_one_document_per_command()
    {
        var db = Databases.New(nameof(Json_output_is_one_document_per_command));

        foreach (var args in new[] { new[] { "upgrade" }, ["current"], ["history", "-v"], ["check"], ["validate", "head"], ["lint"],
            ["downgrade", "0"], ["stamp", "head"] })
        {
            var run = Migrate(db, [.. args, "--json"]);
            run.ExitCode.Should().Be(0, run.ToString());
            run.Json().ValueKind.Should().Be(JsonValueKind.Object, string.Join(' ', args));
        }
    }

    [Fact]
    public void Downgrade_never_applies_a_migration_that_sorts_before_its_target()
    {
        var db = Databases.New(nameof(Downgrade_never_applies_a_migration_that_sorts_before_its_target));
        Migrate(db, "upgrade").ExitCode.Should().Be(0);
        Migrate(db, "stamp", "base").ExitCode.Should().Be(0);
        var head = Current(db).Head!;
        Migrate(db, "stamp", head).ExitCode.Should().Be(0);
        Databases.Execute(db, "DELETE FROM \"__EFMigrationsHistory\" WHERE \"MigrationId\" LIKE '%_InitialCreate'");

        var run = Migrate(db, "downgrade", "InitialCreate");

        run.ExitCode.Should().Be(2, run.ToString());
        run.Stderr.Should().Contain("would also apply").And.Contain("_InitialCreate");
        Databases.Applied(db).Should().Equal(head);
    }

    [Fact]
    public void Downgrade_scripts_are_never_idempotent()
    {
        var run = Migrate(Databases.New("idempotent-down"), "downgrade", "base", "--sql", "--idempotent");

        run.ExitCode.Should().Be(2, run.ToString());
        run.Stderr.Should().Contain("Leave out --idempotent");
    }

    [Fact]
    public void Json_usage_errors_are_still_one_json_document()
    {
        var run = Copy.Migrate("upgrade", "--bogus", "--json");

        run.ExitCode.Should().Be(2, run.ToString());
        run.Json().GetProperty("error").GetProperty("exitCode").GetInt32().Should().Be(2);
    }
}

/// <summary>The commands on SQLite files, plus what only SQLite has (a file that is not a database).</summary>
public sealed class SqliteMigrateCommandsTests(BuiltSample sample) : MigrateCommandsTests, IClassFixture<BuiltSample>
{
    protected override SampleCopy Copy => sample.Copy;

    protected override TestDatabases Databases { get; } = new SqliteDatabases(sample.Copy);

    [Fact]
    public void A_database_that_fails_to_open_is_exit_code_3_for_check()
    {
        var db = Databases.New("corrupt");
        File.WriteAllText(Copy.DatabasePath(db), "this is not a SQLite database, just text long enough to have a header and more");

        var run = Migrate(db, "check");

        run.ExitCode.Should().Be(3, run.ToString());
        run.Stderr.Should().Contain("database");
    }

    [Fact]
    public void A_password_in_the_connection_string_is_never_printed()
    {
        const string Secret = "pw-Sup3r-s3cret";
        var db = Databases.New("secret") + $";Password={Secret}";

        foreach (var args in new[] { new[] { "current", "--json" }, ["history", "-v"], ["check", "--json"], ["upgrade", "--sql"], ["current", "--verbose"] })
        {
            var run = Migrate(db, args);

            run.All.Should().NotContain(Secret, string.Join(' ', args));
        }

        Migrate(db, "current", "--json").Json().GetProperty("database").GetProperty("connection").GetString().Should().ContainEquivalentOf("password=***");
    }
}

/// <summary>The commands on a real PostgreSQL server, with migrations generated for PostgreSQL.</summary>
public sealed class PostgresMigrateCommandsTests(LivePostgresSample sample, PostgresServer server) : MigrateCommandsTests, IClassFixture<LivePostgresSample>
{
    protected override SampleCopy Copy
    {
        get
        {
            server.RequireOrSkip();
            return sample.Copy;
        }
    }

    protected override TestDatabases Databases { get; } = new PostgresDatabases(server);

    [Fact]
    public void History_shows_each_store_type_with_its_facets_once()
    {
        const string id = "20991231000000_AddCodes";
        Copy.WriteMigration(id,
            "migrationBuilder.AddColumn<string>(name: \"Code\", table: \"Members\", type: \"character varying(30)\", maxLength: 30, nullable: false, "
            + "defaultValue: \"\");\n"
            + "migrationBuilder.AddColumn<decimal>(name: \"Fine\", table: \"Loans\", type: \"numeric(38,18)\", precision: 38, scale: 18, nullable: true);",
            "migrationBuilder.DropColumn(name: \"Fine\", table: \"Loans\");\nmigrationBuilder.DropColumn(name: \"Code\", table: \"Members\");");
        try
        {
            Copy.Build();
            var run = Migrate(Databases.New(nameof(History_shows_each_store_type_with_its_facets_once)), "history", "-v", "--json");

            run.ExitCode.Should().Be(0, run.ToString());
            run.Stdout.Should().Contain("Members.Code: column added (Members.Code character varying(30), required, default '')")
                .And.Contain("Loans.Fine: column added (Loans.Fine numeric(38,18), nullable)");
        }
        finally
        {
            File.Delete(Path.Combine(Copy.Directory, "Migrations", id + ".cs"));
            Copy.Build();
        }
    }
}

/// <summary>The commands on SQL Server in Docker (skipped, with the reason, where no Docker engine runs).</summary>
public sealed class SqlServerMigrateCommandsTests(LiveSqlServerSample sample, SqlServerContainer server) : MigrateCommandsTests,
    IClassFixture<LiveSqlServerSample>
{
    protected override SampleCopy Copy
    {
        get
        {
            server.RequireOrSkip();
            return sample.Copy;
        }
    }

    protected override TestDatabases Databases { get; } = new SqlServerDatabases(server);
}
