using System.Text.Json;
using FluentAssertions;
using Migrations.Build.Protocol.Backups;
using Migrations.Build.Tests.Infrastructure;

namespace Migrations.Build.Tests.Integration;

/// <summary>
/// prune-backups through the real tool on a folder of backups of known ages (it needs no project or
/// database), and list-backups with it where the folder holds entries that can't be read.
/// </summary>
public sealed class PruneBackupsTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "migrations-build-tests", "prune-" + Guid.NewGuid().ToString("N")[..8]);

    public PruneBackupsTests()
    {
        Directory.CreateDirectory(_folder);
        foreach (var days in new[] { 1, 2, 3, 40 })
        {
            Backup($"day{days}_20240101_000000.json", DateTimeOffset.UtcNow.AddDays(-days));
        }

        // Encrypted, and pruned without the key: its age is the file's time.
        var sealedFile = Path.Combine(_folder, "sealed_20240101_000000.json.enc");
        using (var layers = BackupStreams.OpenWrite(File.Create(sealedFile), compress: false, key: "the key"))
        {
            layers.Write("{}"u8);
        }

        File.SetLastWriteTimeUtc(sealedFile, DateTime.UtcNow.AddDays(-35));
        File.WriteAllText(Path.Combine(_folder, "running_20240101_000000.json.partial"), "{");
    }

    [Fact]
    public void Keep_n_deletes_all_but_the_newest_n()
    {
        var run = Prune("--keep", "2", "--yes", "--json");

        run.ExitCode.Should().Be(0, run.ToString());
        var json = run.Json();
        Names(json, "kept").Should().BeEquivalentTo("day1_20240101_000000.json", "day2_20240101_000000.json");
        Names(json, "deleted").Should().BeEquivalentTo("day3_20240101_000000.json", "day40_20240101_000000.json", "sealed_20240101_000000.json.enc");
        Remaining().Should().BeEquivalentTo("day1_20240101_000000.json", "day2_20240101_000000.json", "running_20240101_000000.json.partial");
    }

    [Fact]
    public void List_shows_whole_names_and_sizes_people_read()
    {
        var run = Tool("list-backups");

        run.ExitCode.Should().Be(0, run.ToString());
        run.Stdout.Should().Contain("day40_20240101_000000.json").And.Contain("sealed_20240101_000000.json.enc").And.MatchRegex(@"│ \d+ B +│");
    }

    [Fact]
    public void Older_than_deletes_by_the_header_time_or_else_the_file_time()
    {
        var run = Prune("--older-than", "30d", "--yes");

        run.ExitCode.Should().Be(0, run.ToString());
        run.Stdout.Should().Contain("Deleted 2 backup(s)").And.Contain("deleted day40_").And.Contain("deleted sealed_").And.Contain("kept day3_");
        Remaining().Should().NotContain(["day40_20240101_000000.json", "sealed_20240101_000000.json.enc"]).And.HaveCount(4);
    }

    [Fact]
    public void Dry_run_shows_what_would_go_and_deletes_nothing()
    {
        var run = Prune("--older-than", "2w", "--dry-run");

        run.ExitCode.Should().Be(0, run.ToString());
        run.Stdout.Should().Contain("Would delete 2 backup(s)").And.Contain("would delete day40_");
        Remaining().Should().HaveCount(6);
    }

    [Fact]
    public void A_script_must_confirm_with_yes()
    {
        var run = Prune("--keep", "1", "--json");

        run.ExitCode.Should().Be(4, run.ToString());
        run.Stderr.Should().Contain("--yes");
        Remaining().Should().HaveCount(6);
    }

    [Theory]
    [InlineData("--keep", "1", "--older-than", "30d")]
    [InlineData("--yes")]
    [InlineData("--older-than", "30x")]
    [InlineData("--keep", "-1")]
    public void Bad_usage_is_exit_2_and_deletes_nothing(params string[] args)
    {
        var run = Prune(args);

        run.ExitCode.Should().Be(2, run.ToString());
        run.Stderr.Should().Contain("--");
        Remaining().Should().HaveCount(6);
    }

    [Fact]
    public void A_link_to_nothing_or_an_unreadable_entry_is_skipped_with_a_warning_by_list_and_prune()
    {
        const string Gone = "gone_20240101_000000.json";
        const string Loop = "loop_20240101_000000.json";
        File.CreateSymbolicLink(Path.Combine(_folder, Gone), Path.Combine(_folder, "nowhere.json"));
        File.CreateSymbolicLink(Path.Combine(_folder, Loop), Path.Combine(_folder, Loop));

        var list = Tool("list-backups", "--json");

        list.ExitCode.Should().Be(0, list.ToString());
        list.Json().GetProperty("backups").GetArrayLength().Should().Be(5, "the four backups and the encrypted one are still listed");
        list.Stderr.Should().Contain($"Skipped {Path.Combine(_folder, Gone)}: it is a link to").And.Contain("which does not exist")
            .And.Contain($"Skipped {Path.Combine(_folder, Loop)}: it can't be read");

        var prune = Prune("--keep", "0", "--yes");

        prune.ExitCode.Should().Be(0, prune.ToString());
        prune.Stdout.Should().Contain("Deleted 5 backup(s)");
        prune.Stderr.Should().Contain("Skipped").And.Contain(Gone);
        Remaining().Should().BeEquivalentTo(Gone, Loop, "running_20240101_000000.json.partial");
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private ProcessResult Prune(params string[] args) => Tool(["prune-backups", .. args]);

    private ProcessResult Tool(params string[] args)
        => ProcessResult.Run("dotnet", [Repo.ToolDll, .. args, "--backup-dir", _folder], _folder,
            new Dictionary<string, string?> { [BackupStreams.KeyVariable] = null });

    private List<string> Remaining() => Directory.GetFiles(_folder).Select(f => Path.GetFileName(f)).ToList();

    private static List<string> Names(JsonElement json, string property) => json.GetProperty(property).EnumerateArray().Select(e => e.GetString()!).ToList();

    private void Backup(string name, DateTimeOffset createdAt)
        => File.WriteAllText(Path.Combine(_folder, name), JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["format"] = BackupFormat.Name, ["version"] = BackupFormat.Version, ["createdAt"] = createdAt.ToString("O"),
            ["tables"] = Array.Empty<object>(), ["complete"] = true,
        }));
}
