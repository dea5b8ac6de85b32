using FluentAssertions;
using Migrations.Build.Tests.Infrastructure;

namespace Migrations.Build.Tests.Integration;

/// <summary>
/// Two branches of a git repository each add a migration; merged, the later one's Designer was made
/// without the earlier one's change. The check says so at that migration (MIG014), naming both.
/// </summary>
public sealed class TeamBranchTests : IDisposable
{
    private readonly SampleCopy _copy = new();

    public void Dispose() => _copy.Dispose();

    [Fact]
    public void A_migration_made_on_a_parallel_branch_is_found_after_a_clean_merge()
    {
        MergeTwoBranches();
        var run = _copy.Migrate("check", "--no-build", "--json");

        run.ExitCode.Should().Be(1, run.ToString());
        var finding = run.Json().GetProperty("findings").EnumerateArray().Single(f => f.GetProperty("rule").GetString() == "MIG014");
        finding.GetProperty("migration").GetString().Should().Be(_copy.MigrationId("AddSubtitle"));
        finding.GetProperty("file").GetString().Should().EndWith("_AddSubtitle.cs");
        finding.GetProperty("message").GetString().Should().Contain("AddSubtitle was created without AddPhone (parallel branches)")
            .And.Contain("lacks column Members.Phone");
        run.Json().GetProperty("drift").GetBoolean().Should().BeFalse("the merged snapshot holds both changes: only the Designer is stale");

        var lint = _copy.Migrate("lint", "--no-build");

        lint.ExitCode.Should().Be(1, lint.ToString());
        lint.Stderr.Should().Contain("MIG014");
    }

    [Fact]
    public void Rebase_moves_the_stale_migration_after_the_other_branchs_and_check_then_passes()
    {
        MergeTwoBranches();
        var stale = _copy.MigrationId("AddSubtitle");
        var phone = _copy.MigrationId("AddPhone");
        var files = Files();

        var unknown = _copy.Migrate("rebase", "AddNothing", "--no-build");
        var dryRun = _copy.Migrate("rebase", "--dry-run", "--no-build");

        unknown.ExitCode.Should().Be(2, unknown.ToString());
        unknown.Stderr.Should().Contain("No migration is named AddNothing");
        dryRun.ExitCode.Should().Be(0, dryRun.ToString());
        dryRun.Stdout.Should().Contain($"Would move {stale} -> ").And.Contain($"(after {phone})");
        Files().Should().Equal(files, "neither a bad name nor --dry-run changes a file");

        var dev = _copy.NewDatabase("dev");
        _copy.Migrate("upgrade", "--no-build", "--connection", dev).ExitCode.Should().Be(0);
        var applied = _copy.Migrate("rebase", "--no-build", "--connection", dev);

        applied.ExitCode.Should().Be(4, applied.ToString());
        applied.Stderr.Should().Contain($"AddSubtitle is applied to the database").And.Contain($"dotnet migrate downgrade {phone}");
        Files().Should().Equal(files);

        _copy.Migrate("downgrade", phone, "--no-build", "--connection", dev).ExitCode.Should().Be(0);
        var rebase = _copy.Migrate("rebase", "--no-build", "--connection", dev, "--json");

        rebase.ExitCode.Should().Be(0, rebase.ToString());
        var moved = rebase.Json().GetProperty("to").GetString()!;
        string.CompareOrdinal(moved, phone).Should().BePositive("the rebased migration sorts after the other branch's");
        moved.Should().EndWith("_AddSubtitle");
        File.Exists(Path.Combine(_copy.Directory, "Migrations", stale + ".cs")).Should().BeFalse();
        File.ReadAllText(Path.Combine(_copy.Directory, "Migrations", moved + ".Designer.cs")).Should()
            .Contain($"[Migration(\"{moved}\")]").And.Contain("\"Phone\"");

        _copy.Build();
        var check = _copy.Migrate("check", "--no-build", "--connection", dev);
        var upgrade = _copy.Migrate("upgrade", "--no-build", "--connection", dev);
        var cycle = _copy.Migrate("test", "--no-build", "--connection", _copy.NewDatabase("cycle"));

        check.All.Should().Contain("MIG002", "the dev database lacks the moved migration").And.NotContain("MIG014").And.NotContain("MIG001");
        upgrade.ExitCode.Should().Be(0, upgrade.ToString());
        _copy.Migrate("check", "--no-build", "--connection", dev).ExitCode.Should().Be(0, "the project and the database agree");
        SqliteFile.Strings(_copy.DatabasePath(dev), "SELECT name FROM pragma_table_info('Books') UNION ALL SELECT name FROM pragma_table_info('Members')")
            .Should().Contain(["Subtitle", "Phone"], "the schema has what both branches made");
        cycle.ExitCode.Should().Be(0, cycle.ToString());
    }

    [Fact]
    public void A_snapshot_left_in_conflict_is_named_at_its_line_and_rebase_writes_it_again_from_the_merged_model()
    {
        MergeTwoBranches(conflict: true);
        var snapshot = Directory.GetFiles(Path.Combine(_copy.Directory, "Migrations"), "*ModelSnapshot.cs").Single();
        File.ReadAllText(snapshot).Should().Contain("<<<<<<<", "both branches added a column to Members at the same place");

        var check = _copy.Migrate("check");

        check.ExitCode.Should().Be(1, check.ToString());
        check.Stderr.Should().MatchRegex(@"LibraryContextModelSnapshot\.cs\(\d+\): error MIG015: .*merge conflict").And.Contain("dotnet migrate rebase");
        var files = Files();
        var dryRun = _copy.Migrate("rebase", "--dry-run");
        dryRun.ExitCode.Should().Be(0, dryRun.ToString());
        dryRun.Stdout.Should().Contain("Would move " + _copy.MigrationId("AddNickname"));
        Files().Should().Equal(files, "a dry run puts the conflicted snapshot back");

        var rebase = _copy.Migrate("rebase");

        rebase.ExitCode.Should().Be(0, rebase.ToString());
        File.ReadAllText(snapshot).Should().NotContain("<<<<<<<").And.Contain("\"Nickname\"").And.Contain("\"Phone\"");
        _copy.Build();
        var db = _copy.NewDatabase("merged");
        _copy.Migrate("upgrade", "--no-build", "--connection", db).ExitCode.Should().Be(0);
        SqliteFile.Strings(_copy.DatabasePath(db), "SELECT name FROM pragma_table_info('Members')").Should()
            .Contain(["Nickname", "Phone"], "the schema has what both branches made");
        var after = _copy.Migrate("check", "--no-build", "--connection", db);
        after.ExitCode.Should().Be(0, after.ToString());
        _copy.Migrate("test", "--no-build", "--connection", _copy.NewDatabase("cycle")).ExitCode.Should().Be(0);
    }

    [Fact]
    public void Conflict_markers_rebase_cant_resolve_are_exit_2_naming_the_file_and_change_nothing()
    {
        MergeTwoBranches(conflict: true);
        var snapshot = Directory.GetFiles(Path.Combine(_copy.Directory, "Migrations"), "*ModelSnapshot.cs").Single();
        var nickname = Path.Combine(_copy.Directory, "Migrations", _copy.MigrationId("AddNickname") + ".cs");
        File.AppendAllText(nickname, "<<<<<<< HEAD\n// ours\n=======\n// theirs\n>>>>>>> branch\n");
        var files = Files();

        var inMigration = _copy.Migrate("rebase");

        inMigration.ExitCode.Should().Be(2, inMigration.ToString());
        inMigration.Stderr.Should().Contain(Path.GetFileName(nickname) + "(").And.Contain("merge conflict markers in a migration")
            .And.Contain("Nothing was changed");
        Files().Should().Equal(files, "the snapshot's first side is taken only when rebase can go on");

        File.WriteAllText(nickname, File.ReadAllText(nickname).Split("<<<<<<<")[0]);
        File.AppendAllText(snapshot, "<<<<<<< HEAD\n// a conflict never closed\n");
        files = Files();

        var unpaired = _copy.Migrate("rebase");

        unpaired.ExitCode.Should().Be(2, unpaired.ToString());
        unpaired.Stderr.Should().Contain(Path.GetFileName(snapshot) + "(").And.Contain("don't pair up").And.Contain("Nothing was changed");
        Files().Should().Equal(files);
    }

    private void MergeTwoBranches(bool conflict = false) => new TeamRepo(_copy, _copy.Build).MergeTwoBranches(conflict);

    private List<string> Files() => TeamRepo.Files(_copy);
}
