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
        _copy.Write(".gitignore", "bin/\nobj/\n*.db\nmigrations-audit.jsonl\n");
        Git("init", "-q", "-b", "main");
        Commit("the sample");
        Git("checkout", "-q", "-b", "phone");
        _copy.AddMemberPhone();
        Revision("add phone");
        Commit("phone");
        Git("checkout", "-q", "main");
        Git("checkout", "-q", "-b", "subtitle");
        _copy.Edit("Model/Book.cs", "public required string Isbn { get; set; }", "public required string Isbn { get; set; }\n\n    public string? Subtitle { get; set; }");
        Revision("add subtitle");
        Commit("subtitle");
        Git("checkout", "-q", "main");
        Git("merge", "-q", "phone");
        Git("merge", "-q", "--no-edit", "subtitle"); // clean: the branches changed different entities of the snapshot

        _copy.Build();
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

    private void Revision(string message)
    {
        var run = _copy.Migrate("revision", "-m", message);
        run.ExitCode.Should().Be(0, run.ToString());
    }

    private void Commit(string message)
    {
        Git("add", "-A");
        Git("-c", "user.name=Test", "-c", "user.email=test@example.com", "commit", "-q", "-m", message);
    }

    private string Git(params string[] args)
    {
        var run = ProcessResult.Run("git", args, _copy.Directory, new Dictionary<string, string?>());
        run.ExitCode.Should().Be(0, "git {0}: {1}", string.Join(' ', args), run);
        return run.All;
    }
}
