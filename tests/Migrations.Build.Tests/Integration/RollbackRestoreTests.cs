using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using FluentAssertions;
using Migrations.Build.Tests.Infrastructure;

namespace Migrations.Build.Tests.Integration;

/// <summary>
/// backup, restore and rollback on real databases: one definition, run on every provider (classes at
/// the end). The sample has AddFinesAndPhone on top of its own two migrations (see RollbackSample).
/// </summary>
public abstract partial class RollbackRestoreTests
{
    protected abstract SampleCopy Copy { get; }

    protected abstract TestDatabases Databases { get; }

    protected ProcessResult Migrate(string db, params string[] args) => Copy.Migrate([.. args, "--no-build", "--connection", db]);

    /// <summary>The tool with MIGRATIONS_BACKUP_KEY set (or unset) for this run only.</summary>
    private ProcessResult WithKey(string? key, string db, params string[] args)
        => Copy.MigrateWith(new Dictionary<string, string?> { [Protocol.Backups.BackupStreams.KeyVariable] = key },
            [.. args, "--no-build", "--connection", db]);

    private string BackupDir { get; } = Path.Combine(Path.GetTempPath(), "migrations-build-tests", "backups-" + Guid.NewGuid().ToString("N")[..8]);

    /// <summary>Two members (one with a phone) and three fines covering every type, nulls and any Unicode.</summary>
    private string Seeded(string name)
    {
        var db = Databases.New(name);
        var upgrade = Migrate(db, "upgrade");
        upgrade.ExitCode.Should().Be(0, upgrade.ToString());
        Run(db, "INSERT INTO \"Members\" (\"Name\", \"Email\", \"JoinedAt\", \"Phone\") VALUES (@p0, @p1, @p2, @p3), (@p4, @p5, @p6, @p7)",
            "Åsa Ünïcødé 🙂", "asa@example.com", new DateTime(2024, 1, 1, 8, 30, 0, DateTimeKind.Utc), "+46 70 123 45 67",
            "Alan", "alan@example.com", new DateTime(2024, 1, 2, 0, 0, 0, DateTimeKind.Utc), DBNull.Value);
        var fines = "INSERT INTO \"Fines\" (\"MemberId\", \"Amount\", \"Rate\", \"Level\", \"Waived\", \"IssuedAt\", \"PaidAt\", \"DueOn\", \"Reference\", "
            + "\"Receipt\", \"Note\") VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8, @p9, @p10)";
        Run(db, fines, 1, 12.50m, 0.125, (short)3, true, new DateTimeOffset(2024, 3, 1, 10, 15, 30, 123, TimeSpan.Zero),
            new DateTime(2024, 3, 2, 9, 0, 0, DateTimeKind.Utc), new DateOnly(2024, 3, 31), Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"),
            new byte[] { 0, 1, 2, 254, 255 }, "late — «two weeks» 日本語");
        Run(db, fines, 2, 99999999.99m, -1.5e300, short.MaxValue, false, new DateTimeOffset(1999, 12, 31, 23, 59, 59, TimeSpan.Zero), DBNull.Value,
            new DateOnly(2000, 1, 1), Guid.Empty, DBNull.Value, DBNull.Value);
        Run(db, fines, 1, 0m, 0.0, (short)0, false, new DateTimeOffset(2024, 6, 1, 0, 0, 0, TimeSpan.Zero), DBNull.Value,
            new DateOnly(2024, 6, 30), Guid.Parse("6ba7b810-9dad-11d1-80b4-00c04fd430c8"), Array.Empty<byte>(), "");
        return db;
    }

    [Fact]
    public void Backup_then_restore_brings_back_every_row_of_every_type_exactly()
    {
        var db = Seeded(nameof(Backup_then_restore_brings_back_every_row_of_every_type_exactly));
        var before = Rows(db, "Fines");

        var backup = Migrate(db, "backup", "--backup-dir", BackupDir, "--json");
        backup.ExitCode.Should().Be(0, backup.ToString());
        var file = backup.Json().GetProperty("file").GetString()!;
        Run(db, "DELETE FROM \"Fines\"");
        Rows(db, "Fines").Should().BeEmpty();

        var restore = Migrate(db, "restore", file, "--tables", "Fines", "--json");

        restore.ExitCode.Should().Be(0, restore.ToString());
        restore.Json().GetProperty("tables").EnumerateArray().Single().GetProperty("rows").GetInt64().Should().Be(3);
        Rows(db, "Fines").Should().Equal(before, "every value comes back exactly");

        var again = Migrate(db, "restore", file, "--tables", "Fines", "--json");

        again.ExitCode.Should().Be(0, again.ToString());
        again.Json().GetProperty("tables")[0].GetProperty("updated").GetInt64().Should().Be(3, "rows already there are matched by key");
        Rows(db, "Fines").Should().Equal(before, "a second restore duplicates nothing");
    }

    [Fact]
    public void A_full_backup_goes_back_into_emptied_tables_parents_before_children()
    {
        var db = Seeded(nameof(A_full_backup_goes_back_into_emptied_tables_parents_before_children));
        Run(db, "INSERT INTO \"Authors\" (\"Name\") VALUES ('Ursula')");
        Run(db, "INSERT INTO \"Books\" (\"Title\", \"Isbn\", \"AuthorId\", \"PublishedOn\") SELECT 'Earthsea', '9780553383041', \"Id\", @p0 FROM \"Authors\"",
            new DateOnly(1968, 1, 1));
        Run(db, "INSERT INTO \"Loans\" (\"BookId\", \"MemberId\", \"LoanedAt\", \"DueOn\") SELECT b.\"Id\", m.\"Id\", @p0, @p1 FROM \"Books\" b, \"Members\" m",
            new DateTime(2024, 2, 1, 0, 0, 0, DateTimeKind.Utc), new DateOnly(2024, 3, 1));
        var before = new[] { "Authors", "Books", "Members", "Loans", "Fines" }.ToDictionary(t => t, t => Rows(db, t));
        var backup = Migrate(db, "backup", "--backup-dir", BackupDir, "--json");
        var file = backup.Json().GetProperty("file").GetString()!;
        backup.Stderr.Should().MatchRegex(@"\d\d:\d\d:\d\d \[\d+/\d+\] Backing up \w+: .*\d+ rows", "a log gets timestamped progress over rows");
        foreach (var table in new[] { "Loans", "Fines", "Books", "Members", "Authors" })
        {
            Run(db, $"DELETE FROM \"{table}\"");
        }

        var restore = Migrate(db, "restore", file);

        restore.ExitCode.Should().Be(0, restore.ToString());
        restore.Stderr.Should().MatchRegex(@"\[\d+/\d+\] Restoring \w+: +\d+%  [\d,]+/[\d,]+ rows", "the backup's own counts give the restore a total");
        foreach (var (table, rows) in before)
        {
            Rows(db, table).Should().Equal(rows, table);
        }
    }

    [Fact]
    public void Rollback_refuses_data_loss_then_with_force_backs_it_up_and_restore_brings_it_back_after_reupgrade()
    {
        var db = Seeded(nameof(Rollback_refuses_data_loss_then_with_force_backs_it_up_and_restore_brings_it_back_after_reupgrade));
        var fines = Rows(db, "Fines");
        var phones = Rows(db, "Members", "\"Id\", \"Phone\"");

        var validate = Migrate(db, "validate", "-1", "--json");
        validate.ExitCode.Should().Be(1, validate.ToString());
        var atRisk = validate.Json().GetProperty("findings").EnumerateArray().Where(f => f.GetProperty("rowsAtRisk").ValueKind == JsonValueKind.Number)
            .ToDictionary(f => f.GetProperty("rule").GetString() + " " + f.GetProperty("table").GetString(), f => f.GetProperty("rowsAtRisk").GetInt64());
        atRisk.Should().Contain("MIG101 Fines", 3).And.Contain("MIG102 Members", 1, "one member has a phone");

        var refused = Migrate(db, "rollback", "-1", "--backup-dir", BackupDir);

        refused.ExitCode.Should().Be(1, refused.ToString());
        refused.Stderr.Should().Contain("--force");
        Current(db).Should().EndWith("_AddFinesAndPhone", "a refused rollback changes nothing");
        Directory.Exists(BackupDir).Should().BeFalse("nothing was backed up either");

        var rollback = Migrate(db, "rollback", "-1", "--force", "--backup-dir", BackupDir, "--json");

        rollback.ExitCode.Should().Be(0, rollback.ToString());
        var json = rollback.Json();
        json.GetProperty("to").GetString().Should().EndWith("_AddLoans");
        rollback.Stderr.Should().MatchRegex(@"\[\d+/\d+\] Backing up \w+ \(at risk\): .*\d+ rows", "its backup shows progress over rows, like backup's");
        var file = json.GetProperty("backupFile").GetString()!;
        Path.GetFileName(file).Should().MatchRegex(@"^rollback_backup_\d{8}_\d{6}\.json$");
        json.GetProperty("backedUp").EnumerateArray().ToDictionary(t => t.GetProperty("name").GetString()!, t => t.GetProperty("rows").GetInt64())
            .Should().Equal(new Dictionary<string, long> { ["Fines"] = 3, ["Members"] = 1 }, "whole dropped tables, and the key and value of dropped columns");
        Current(db).Should().EndWith("_AddLoans");
        using (var saved = JsonDocument.Parse(File.ReadAllText(file)))
        {
            var members = saved.RootElement.GetProperty("tables").EnumerateArray().Single(t => t.GetProperty("name").GetString() == "Members");
            members.GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("name").GetString()).Should().Equal("Id", "Phone");
        }

        Migrate(db, "upgrade").ExitCode.Should().Be(0);
        Rows(db, "Members", "\"Id\", \"Phone\"").Should().NotEqual(phones, "the re-added column is empty");

        var restore = Migrate(db, "restore", file, "--json");

        restore.ExitCode.Should().Be(0, restore.ToString());
        Rows(db, "Fines").Should().Equal(fines);
        Rows(db, "Members", "\"Id\", \"Phone\"").Should().Equal(phones);
        Run(db, "INSERT INTO \"Fines\" (\"MemberId\", \"Amount\", \"Rate\", \"Level\", \"Waived\", \"IssuedAt\", \"DueOn\", \"Reference\") "
            + "VALUES (2, 1, 1, 1, @p0, @p1, @p2, @p3)",
            false, DateTimeOffset.UtcNow, new DateOnly(2025, 1, 1), Guid.NewGuid()); // the key sequence moved past the restored rows
    }

    [Fact]
    public void A_column_the_table_no_longer_has_is_reported_not_dropped_silently()
    {
        var db = Seeded(nameof(A_column_the_table_no_longer_has_is_reported_not_dropped_silently));
        var file = Migrate(db, "backup", "--tables", "Members", "--backup-dir", BackupDir, "--json").Json().GetProperty("file").GetString()!;
        Migrate(db, "rollback", "-1", "--force", "--backup-dir", BackupDir).ExitCode.Should().Be(0);
        Run(db, "DELETE FROM \"Loans\"");
        Run(db, "DELETE FROM \"Members\"");

        var restore = Migrate(db, "restore", file, "--json");

        restore.ExitCode.Should().Be(0, restore.ToString());
        restore.Stderr.Should().Contain("Members.Phone is in the backup but not in the table now");
        restore.Json().GetProperty("tables")[0].GetProperty("missingColumns").EnumerateArray().Select(c => c.GetString()).Should().Equal("Phone");
        Rows(db, "Members", "\"Name\"").Should().HaveCount(2);
    }

    [Fact]
    public void Bad_backup_files_are_refused_with_exit_2_and_change_nothing()
    {
        var db = Seeded(nameof(Bad_backup_files_are_refused_with_exit_2_and_change_nothing));
        var file = Migrate(db, "backup", "--backup-dir", BackupDir, "--json").Json().GetProperty("file").GetString()!;
        Run(db, "DELETE FROM \"Fines\"");
        var text = File.ReadAllText(file);
        var cases = new Dictionary<string, (string Content, string Message)>
        {
            ["tampered"] = (text.Replace("late — «two weeks»", "late — «six weeks»", StringComparison.Ordinal), "Checksum mismatch in Fines"),
            ["truncated"] = (text[..(text.Length * 2 / 3)], "not a complete backup file"),
            ["not-json"] = ("INSERT INTO Fines VALUES (1);", "not a complete backup file"),
            ["newer"] = (text.Replace("\"version\":2", "\"version\":99", StringComparison.Ordinal), "newer than this version reads"),
            ["foreign"] = ("{\"format\":\"something-else\",\"tables\":[]}", "is not a Migrations.Build backup"),
            ["odd-version"] = (text.Replace("\"version\":2", "\"version\":\"one\"", StringComparison.Ordinal), "not a complete backup file"),
            ["short-row"] = (text.Replace("[3,1,", "[3,", StringComparison.Ordinal), "values for"),
        };

        foreach (var (name, (content, message)) in cases)
        {
            var bad = Path.Combine(BackupDir, name + ".json");
            File.WriteAllText(bad, content);

            var run = Migrate(db, "restore", bad);

            run.ExitCode.Should().Be(2, "{0}: {1}", name, run);
            run.Stderr.Should().Contain(message, name).And.Contain("Nothing was restored", name);
            Rows(db, "Fines").Should().BeEmpty(name);
        }

        var missing = Migrate(db, "restore", Path.Combine(BackupDir, "no-such-backup.json"));
        missing.ExitCode.Should().Be(2, missing.ToString());
        missing.Stderr.Should().Contain("does not exist");

        var unknownTable = Migrate(db, "restore", file, "--tables", "Nope");
        unknownTable.ExitCode.Should().Be(2, unknownTable.ToString());
        unknownTable.Stderr.Should().Contain("The backup has no table Nope");
        Rows(db, "Fines").Should().BeEmpty();
    }

    [Fact]
    public void An_encrypted_rollback_backup_restores_only_with_its_key_and_a_backup_folder_that_cant_be_made_is_refused()
    {
        const string Key = "the team's backup passphrase";
        var db = Seeded(nameof(An_encrypted_rollback_backup_restores_only_with_its_key_and_a_backup_folder_that_cant_be_made_is_refused));
        var fines = Rows(db, "Fines");
        var blocked = Path.Combine(Copy.Directory, "not-a-folder");
        File.WriteAllText(blocked, "a file where the backup folder would go");

        var nowhere = WithKey(Key, db, "rollback", "-1", "--force", "--backup-dir", Path.Combine(blocked, "backups"));

        nowhere.ExitCode.Should().Be(2, nowhere.ToString());
        nowhere.Stderr.Should().Contain("can't be created").And.Contain("--backup-dir");
        Current(db).Should().EndWith("_AddFinesAndPhone", "no backup, no rollback");

        var rollback = WithKey(Key, db, "rollback", "-1", "--force", "--backup-dir", BackupDir, "--json");

        rollback.ExitCode.Should().Be(0, rollback.ToString());
        var file = rollback.Json().GetProperty("backupFile").GetString()!;
        file.Should().EndWith(".json.enc");
        File.ReadAllText(file).Should().NotContain("two weeks", "the rows are encrypted");
        Migrate(db, "upgrade").ExitCode.Should().Be(0);

        var noKey = WithKey(null, db, "restore", file);
        var wrongKey = WithKey("not the passphrase", db, "restore", file);

        noKey.ExitCode.Should().Be(2, noKey.ToString());
        noKey.Stderr.Should().Contain("MIGRATIONS_BACKUP_KEY").And.Contain("Nothing was restored");
        wrongKey.ExitCode.Should().Be(2, wrongKey.ToString());
        wrongKey.Stderr.Should().Contain("wrong key");
        wrongKey.All.Should().NotContain(Key).And.NotContain("not the passphrase");
        Rows(db, "Fines").Should().BeEmpty();

        var restore = WithKey(Key, db, "restore", file);

        restore.ExitCode.Should().Be(0, restore.ToString());
        Rows(db, "Fines").Should().Equal(fines);
    }

    [Fact]
    public void Rollback_to_a_later_migration_is_refused()
    {
        var db = Databases.New(nameof(Rollback_to_a_later_migration_is_refused));
        Migrate(db, "upgrade", "InitialCreate").ExitCode.Should().Be(0);

        var run = Migrate(db, "rollback", "AddLoans");

        run.ExitCode.Should().Be(2, run.ToString());
        run.Stderr.Should().Contain("rollback only goes back").And.Contain("dotnet migrate upgrade AddLoans");
        Current(db).Should().EndWith("_InitialCreate");
    }

    [Fact]
    public void Rollback_bad_targets_and_a_held_lock_change_nothing()
    {
        var db = Seeded(nameof(Rollback_bad_targets_and_a_held_lock_change_nothing));

        var unknown = Migrate(db, "rollback", "NoSuchMigration");
        var forward = Migrate(db, "rollback", "+1");
        unknown.ExitCode.Should().Be(2, unknown.ToString());
        unknown.Stderr.Should().Contain("No migration matches 'NoSuchMigration'").And.Contain("_AddFinesAndPhone");
        forward.ExitCode.Should().Be(2, forward.ToString());

        using (Databases.HoldMigrationsLock(db))
        {
            var locked = Migrate(db, "rollback", "-1", "--force", "--lock-timeout", "1", "--backup-dir", BackupDir);

            locked.ExitCode.Should().Be(4, locked.ToString());
            locked.Stderr.Should().Contain("holds the database's migrations lock");
        }

        var production = Migrate(db, "rollback", "-1", "--force", "--environment", "Production", "--backup-dir", BackupDir);
        production.ExitCode.Should().Be(4, production.ToString());
        production.Stderr.Should().Contain("confirm with --yes");

        Current(db).Should().EndWith("_AddFinesAndPhone");
        Directory.Exists(BackupDir).Should().BeFalse();
    }

    private string? Current(string db)
    {
        var run = Migrate(db, "current", "--json");
        run.ExitCode.Should().Be(0, run.ToString());
        return run.Json().GetProperty("current").GetString();
    }

    /// <summary>A table's rows as text, ordered by key: what a user would compare.</summary>
    protected List<string> Rows(string db, string table, string columns = "*")
    {
        using var connection = Databases.Connect(db);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {columns} FROM \"{table}\" ORDER BY \"Id\"";
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            rows.Add(string.Join(" | ", Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "null" : reader.GetValue(i) switch
            {
                byte[] bytes => Convert.ToBase64String(bytes),
                IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                var v => v.ToString(),
            })));
        }

        return rows;
    }

    protected void Run(string db, string sql, params object[] values)
    {
        using var connection = Databases.Connect(db);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        for (var i = 0; i < values.Length; i++)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@p" + i;
            parameter.Value = values[i];
            command.Parameters.Add(parameter);
        }

        command.ExecuteNonQuery();
    }
}

public sealed class SqliteRollbackRestoreTests(SqliteRollbackSample sample) : RollbackRestoreTests, IClassFixture<SqliteRollbackSample>
{
    protected override SampleCopy Copy => sample.Copy;

    protected override TestDatabases Databases { get; } = new SqliteDatabases(sample.Copy);

    [Fact]
    public void A_read_only_backup_folder_is_refused_before_the_rollback()
    {
        using var readOnly = TinyFolder.Mount(readOnly: true);
        var db = Databases.New(nameof(A_read_only_backup_folder_is_refused_before_the_rollback));
        Migrate(db, "upgrade").ExitCode.Should().Be(0);

        var rollback = Migrate(db, "rollback", "-1", "--force", "--backup-dir", readOnly.Path);

        rollback.ExitCode.Should().Be(2, rollback.ToString());
        rollback.Stderr.Should().Contain("Read-only file system").And.Contain("Nothing was rolled back");
        Migrate(db, "current", "--json").Json().GetProperty("current").GetString().Should().EndWith("_AddFinesAndPhone");
    }

    [Fact]
    public void A_backup_folder_that_fills_up_leaves_no_file_and_says_what_to_do()
    {
        using var full = TinyFolder.Mount();
        var db = Databases.New(nameof(A_backup_folder_that_fills_up_leaves_no_file_and_says_what_to_do));
        Migrate(db, "upgrade").ExitCode.Should().Be(0);
        Run(db, "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 5000) "
            + "INSERT INTO \"Members\" (\"Name\", \"Email\", \"JoinedAt\") SELECT 'member number ' || x, 'm' || x || '@example.com', '2024-01-01' FROM n");

        var backup = Migrate(db, "backup", "--backup-dir", full.Path);

        backup.ExitCode.Should().Be(2, backup.ToString());
        backup.Stderr.Should().Contain("No space left on device").And.Contain("the unfinished file was removed").And.Contain("--backup-dir");
        Directory.GetFiles(full.Path).Should().BeEmpty();
    }

    [Fact]
    public void Restore_into_a_database_that_does_not_exist_creates_nothing()
    {
        var db = Databases.New(nameof(Restore_into_a_database_that_does_not_exist_creates_nothing));
        var backup = Path.Combine(Copy.Directory, "any.json");
        File.WriteAllText(backup, "{}");

        var run = Migrate(db, "restore", backup);

        run.ExitCode.Should().Be(3, run.ToString());
        run.Stderr.Should().Contain("no database to restore into");
        Databases.Exists(db).Should().BeFalse();
    }
}

public sealed class PostgresRollbackRestoreTests(PostgresRollbackSample sample, PostgresServer server) : RollbackRestoreTests,
    IClassFixture<PostgresRollbackSample>
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
}
