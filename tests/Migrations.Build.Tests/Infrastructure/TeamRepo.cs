using FluentAssertions;

namespace Migrations.Build.Tests.Infrastructure;

/// <summary>
/// A git repository made of a sample copy, where two branches each add a migration through
/// <c>revision</c> and are merged, as a team's would be.
/// </summary>
public sealed class TeamRepo(SampleCopy copy, Action build)
{
    private readonly SampleCopy _copy = copy;

    /// <summary>
    /// Two branches each add a migration (<paramref name="conflict"/>: both to Members, so the snapshot conflicts and is left so), merged into main.
    /// </summary>
    public void MergeTwoBranches(bool conflict = false)
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
        if (conflict)
        {
            // Members again, next to where Phone goes in the snapshot: that hunk conflicts.
            _copy.Edit("Model/Member.cs", "public int Id { get; set; }", "public int Id { get; set; }\n\n    public string? Nickname { get; set; }");
            Revision("add nickname");
        }
        else
        {
            _copy.Edit("Model/Book.cs", "public required string Isbn { get; set; }",
                "public required string Isbn { get; set; }\n\n    public string? Subtitle { get; set; }");
            Revision("add subtitle");
        }

        Commit("subtitle");
        Git("checkout", "-q", "main");
        Git("merge", "-q", "phone");
        if (conflict)
        {
            var merge = ProcessResult.Run("git", ["merge", "-q", "--no-edit", "subtitle"], _copy.Directory, new Dictionary<string, string?>());
            merge.ExitCode.Should().NotBe(0, "the snapshot conflicts: {0}", merge);
            return;
        }

        Git("merge", "-q", "--no-edit", "subtitle"); // clean: the branches changed different entities of the snapshot
        build();
    }

    /// <summary>
    /// One branch adds two migrations to Books (AddSubtitle, then AddSeries), the other one to Members
    /// (AddPhone), merged cleanly. <paramref name="interleaved"/>: AddPhone is made between the two, so
    /// it sorts between them; else first, so both of the branch's sort after it.
    /// </summary>
    public void MergeABranchOfTwo(bool interleaved)
    {
        _copy.Write(".gitignore", "bin/\nobj/\n*.db\nmigrations-audit.jsonl\n");
        Git("init", "-q", "-b", "main");
        Commit("the sample");
        if (!interleaved)
        {
            AddPhone();
        }

        Git("checkout", "-q", "main");
        Git("checkout", "-q", "-b", "books");
        _copy.Edit("Model/Book.cs", "public required string Isbn { get; set; }",
            "public required string Isbn { get; set; }\n\n    public string? Subtitle { get; set; }");
        Revision("add subtitle");
        Commit("subtitle");
        if (interleaved)
        {
            AddPhone();
            Git("checkout", "-q", "books");
        }

        _copy.Edit("Model/Book.cs", "public string? Subtitle { get; set; }",
            "public string? Subtitle { get; set; }\n\n    public string? Series { get; set; }");
        Revision("add series");
        Commit("series");
        Git("checkout", "-q", "main");
        Git("merge", "-q", "phone");
        Git("merge", "-q", "--no-edit", "books");
        build();

        void AddPhone()
        {
            Git("checkout", "-q", "main");
            Git("checkout", "-q", "-b", "phone");
            _copy.AddMemberPhone();
            Revision("add phone");
            Commit("phone");
        }
    }

    /// <summary>
    /// Two branches change the length of Books.Title differently (LongerTitles, then ShorterTitles);
    /// merged, the context is resolved to the first branch's and the snapshot is left in conflict.
    /// </summary>
    public void MergeOneColumnChangedTwice()
    {
        _copy.Write(".gitignore", "bin/\nobj/\n*.db\nmigrations-audit.jsonl\n");
        Git("init", "-q", "-b", "main");
        Commit("the sample");
        foreach (var (branch, length) in new[] { ("longer", 400), ("shorter", 200) })
        {
            Git("checkout", "-q", "main");
            Git("checkout", "-q", "-b", branch);
            _copy.Edit("LibraryContext.cs", "b.Title).HasMaxLength(300)", $"b.Title).HasMaxLength({length})");
            Revision(branch + " titles");
            Commit(branch);
        }

        Git("checkout", "-q", "main");
        Git("merge", "-q", "longer");
        var merge = ProcessResult.Run("git", ["merge", "-q", "--no-edit", "shorter"], _copy.Directory, new Dictionary<string, string?>());
        merge.ExitCode.Should().NotBe(0, "both branches changed the same line: {0}", merge);
        Git("checkout", "--ours", "LibraryContext.cs");
        Git("add", "LibraryContext.cs");
    }

    /// <summary>The migrations folder's files with a hash of each, to see that nothing changed.</summary>
    public static List<string> Files(SampleCopy copy)
        => Directory.GetFiles(Path.Combine(copy.Directory, "Migrations")).Order(StringComparer.Ordinal)
            .Select(f => f + ":" + File.ReadAllText(f).GetHashCode()).ToList();

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
