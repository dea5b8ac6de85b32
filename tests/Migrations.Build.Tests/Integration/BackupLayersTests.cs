using System.Text;
using FluentAssertions;
using Migrations.Build.Protocol.Backups;
using Migrations.Build.Tests.Infrastructure;

namespace Migrations.Build.Tests.Integration;

/// <summary>backup --compress and MIGRATIONS_BACKUP_KEY through the real tool on SQLite: names, reading back, and what a wrong or missing key says.</summary>
public sealed class BackupLayersTests(BuiltSample sample) : IClassFixture<BuiltSample>
{
    private const string Key = "a long passphrase only this test knows";

    [Fact]
    public void A_compressed_backup_with_a_key_is_gz_enc_and_reads_only_with_that_key()
    {
        var (db, folder) = Database(nameof(A_compressed_backup_with_a_key_is_gz_enc_and_reads_only_with_that_key));

        var backup = Tool(Key, "backup", "--name", "layered", "--compress", "--backup-dir", folder, "--json", "--no-build", "--connection", db);

        backup.ExitCode.Should().Be(0, backup.ToString());
        var file = backup.Json().GetProperty("file").GetString()!;
        Path.GetFileName(file).Should().MatchRegex(@"^layered_\d{8}_\d{6}\.json\.gz\.enc$");
        Directory.GetFiles(folder).Should().ContainSingle("no partial file is left");
        Encoding.Latin1.GetString(File.ReadAllBytes(file)).Should().NotContain("alan@example.com", "the rows are encrypted");

        var show = Tool(Key, "show-backup", file, "--verify");
        show.ExitCode.Should().Be(0, show.ToString());
        show.Stdout.Should().Contain("(compressed, encrypted)").And.Contain("Members: 2 row(s), checksum ok");

        var noKey = Tool(null, "show-backup", file, "--verify");
        noKey.ExitCode.Should().Be(2, noKey.ToString());
        noKey.Stderr.Should().Contain($"set {BackupStreams.KeyVariable} to the key used when it was written");

        var wrongKey = Tool("not the key", "show-backup", file, "--verify");
        wrongKey.ExitCode.Should().Be(2, wrongKey.ToString());
        wrongKey.Stderr.Should().Contain("wrong key");
        wrongKey.All.Should().NotContain("not the key").And.NotContain(Key);
    }

    [Fact]
    public void An_encrypted_backup_changed_after_it_was_written_is_refused()
    {
        var (db, folder) = Database(nameof(An_encrypted_backup_changed_after_it_was_written_is_refused));
        var file = Tool(Key, "backup", "--backup-dir", folder, "--json", "--no-build", "--connection", db).Json().GetProperty("file").GetString()!;
        Path.GetFileName(file).Should().EndWith(".json.enc", "a key alone encrypts without compressing");
        var bytes = File.ReadAllBytes(file);
        bytes[^20] ^= 1;
        File.WriteAllBytes(file, bytes);

        var show = Tool(Key, "show-backup", file);

        show.ExitCode.Should().Be(2, show.ToString());
        show.Stderr.Should().Contain("the file was changed after it was written or is incomplete");
    }

    [Fact]
    public void List_backups_shows_every_kind_and_an_encrypted_one_even_without_its_key()
    {
        var (db, folder) = Database(nameof(List_backups_shows_every_kind_and_an_encrypted_one_even_without_its_key));
        foreach (var (name, key, compress) in new[] { ("plain", null, false), ("zipped", null, true), ("sealed", Key, false), ("both", Key, true) })
        {
            var run = Tool(key,
                ["backup", "--name", name, "--backup-dir", folder, "--no-build", "--connection", db, .. compress ? new[] { "--compress" } : []]);
            run.ExitCode.Should().Be(0, run.ToString());
        }

        File.WriteAllText(Path.Combine(folder, "unfinished_20240101_000000.json.partial"), "{\"format\":");

        var withKey = Tool(Key, "list-backups", "--backup-dir", folder, "--json").Json().GetProperty("backups").EnumerateArray()
            .ToDictionary(b => Path.GetFileName(b.GetProperty("file").GetString()!).Split('_')[0], b => (
                Compressed: b.GetProperty("compressed").GetBoolean(), Encrypted: b.GetProperty("encrypted").GetBoolean(),
                Tables: b.GetProperty("tables").GetArrayLength()));
        withKey.ToDictionary(b => b.Key, b => (b.Value.Compressed, b.Value.Encrypted)).Should().BeEquivalentTo(new Dictionary<string, (bool, bool)>
        {
            ["plain"] = (false, false), ["zipped"] = (true, false), ["sealed"] = (false, true), ["both"] = (true, true),
        });
        withKey.Values.Select(b => b.Tables).Distinct().Should().ContainSingle().Which.Should().BeGreaterThan(2, "with the key every header and table reads");

        var withoutKey = Tool(null, "list-backups", "--backup-dir", folder);
        withoutKey.ExitCode.Should().Be(0, withoutKey.ToString());
        withoutKey.Stdout.Should().Contain("plain_").And.Contain("zipped_").And.Contain("sealed_").And.Contain("both_").And.NotContain("unfinished");
        withoutKey.Stderr.Should().Contain(BackupStreams.KeyVariable).And.NotContain("warning");
        var sealedJson = Tool(null, "list-backups", "--backup-dir", folder, "--json").Json().GetProperty("backups").EnumerateArray()
            .Single(b => Path.GetFileName(b.GetProperty("file").GetString()!).StartsWith("sealed_", StringComparison.Ordinal));
        sealedJson.GetProperty("encrypted").GetBoolean().Should().BeTrue();
        sealedJson.GetProperty("size").GetInt64().Should().BeGreaterThan(0);
        sealedJson.GetProperty("createdAt").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null, "its header can't be read without the key");
    }

    [Fact]
    public void A_compressed_backup_without_a_key_is_json_gz_and_verifies()
    {
        var (db, folder) = Database(nameof(A_compressed_backup_without_a_key_is_json_gz_and_verifies));

        var file = Tool(null, "backup", "--compress", "--backup-dir", folder, "--json", "--no-build", "--connection", db).Json()
            .GetProperty("file").GetString()!;

        Path.GetFileName(file).Should().EndWith(".json.gz");
        var show = Tool(null, "show-backup", file, "--verify");
        show.ExitCode.Should().Be(0, show.ToString());
        show.Stdout.Should().Contain("(compressed)").And.Contain("Members: 2 row(s), checksum ok");
    }

    /// <summary>A migrated database with two members, and a fresh backup folder.</summary>
    private (string Db, string Folder) Database(string name)
    {
        var db = sample.Copy.NewDatabase(name);
        sample.Copy.Migrate("upgrade", "--no-build", "--connection", db).ExitCode.Should().Be(0);
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"{db};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "INSERT INTO \"Members\" (\"Name\", \"Email\", \"JoinedAt\") "
                + "VALUES ('Ada', 'ada@example.com', '2024-01-01'), ('Alan', 'alan@example.com', '2024-01-02')";
            command.ExecuteNonQuery();
        }

        return (db, Path.Combine(sample.Copy.Directory, "backups-" + Guid.NewGuid().ToString("N")[..8]));
    }

    /// <summary>The tool on the sample copy with this key in its environment (none: the variable is unset).</summary>
    private ProcessResult Tool(string? key, params string[] args)
    {
        var environment = new Dictionary<string, string?>(sample.Copy.Environment) { [BackupStreams.KeyVariable] = key };
        return ProcessResult.Run("dotnet", [Repo.ToolDll, .. args, .. args[0] == "backup" ? new[] { "--project", sample.Copy.Directory } : []],
            sample.Copy.Directory, environment);
    }
}
