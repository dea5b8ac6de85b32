using FluentAssertions;

namespace Migrations.Build.Tests.Infrastructure;

/// <summary>
/// A git repository made of a sample copy, where two branches each add a migration through
/// <c>revision</c> and are merged, as a team's would be.
/// </summary>
public sealed class TeamRepo(SampleCopy copy, Action build)
{
    private readonly SampleCopy _copy = copy;
    private readonly GitRepo _git = new(copy.Directory);

    /// <summary>
    /// Two branches each add a migration (<paramref name="conflict"/>: both to Members, so the snapshot conflicts and is left so), merged into main.
    /// </summary>
    public void MergeTwoBranches(bool conflict = false)
    {
        Init();
        OnNewBranch("phone");
        _copy.AddMemberPhone();
        Revision("add phone");
        Commit("phone");
        OnNewBranch("subtitle");
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
            _git.TryMerge("subtitle").Should().BeFalse("the snapshot conflicts");
            return;
        }

        Git("merge", "-q", "--no-edit", "subtitle"); // clean: the branches changed different entities of the snapshot
        build();
    }

    /// <summary>
    /// One branch adds two migrations to Books (AddSubtitle, then AddSeries), the other one to Members
    /// (AddPhone), merged cleanly. <paramref name="interleaved"/>: AddPhone is made between the two, so
    /// it sorts between them; else first, so both of the branch's sort after it. <paramref name="addressDroppedLater"/>:
    /// AddSubtitle also adds an IPAddress column (PostgreSQL's inet) that AddSeries drops.
    /// </summary>
    public void MergeABranchOfTwo(bool interleaved, bool addressDroppedLater = false)
    {
        var address = addressDroppedLater ? "\n\n    public System.Net.IPAddress? Origin { get; set; }" : string.Empty;
        Init();
        if (!interleaved)
        {
            AddPhone();
        }

        OnNewBranch("books");
        AddSubtitle(address);
        if (interleaved)
        {
            AddPhone();
            Git("checkout", "-q", "books");
        }

        _copy.Edit("Model/Book.cs", "public string? Subtitle { get; set; }" + address,
            "public string? Subtitle { get; set; }\n\n    public string? Series { get; set; }");
        Revision("add series");
        Commit("series");
        MergeIntoMain("phone", "books");

        void AddPhone()
        {
            OnNewBranch("phone");
            _copy.AddMemberPhone();
            Revision("add phone");
            Commit("phone");
        }
    }

    /// <summary>
    /// One branch adds Books.Subtitle (AddSubtitle), then renames it to Tagline (RenameSubtitle); the
    /// other makes an empty migration (SeedMembers) between the two, merged cleanly. RenameSubtitle's
    /// model differs from SeedMembers' (the sample's) by one column and from AddSubtitle's by two: only
    /// its Down tells that it was made on AddSubtitle.
    /// </summary>
    public void MergeARenameFollowUp()
    {
        Init();
        OnNewBranch("books");
        AddSubtitle();
        OnNewBranch("seed");
        Revision("seed members", "--no-autogenerate");
        Commit("seed");
        Git("checkout", "-q", "books");
        _copy.Edit("Model/Book.cs", "public string? Subtitle { get; set; }", "public string? Tagline { get; set; }");
        Revision("rename subtitle");
        Commit("rename");
        MergeIntoMain("seed", "books");
    }

    /// <summary>
    /// Two branches change the length of Books.Title differently (LongerTitles, then ShorterTitles);
    /// merged, the context is resolved to the first branch's and the snapshot is left in conflict.
    /// </summary>
    public void MergeOneColumnChangedTwice()
    {
        Init();
        foreach (var (branch, length) in new[] { ("longer", 400), ("shorter", 200) })
        {
            OnNewBranch(branch);
            _copy.Edit("LibraryContext.cs", "b.Title).HasMaxLength(300)", $"b.Title).HasMaxLength({length})");
            Revision(branch + " titles");
            Commit(branch);
        }

        Git("checkout", "-q", "main");
        Git("merge", "-q", "longer");
        _git.TryMerge("shorter").Should().BeFalse("both branches changed the same line");
        Git("checkout", "--ours", "LibraryContext.cs");
        Git("add", "LibraryContext.cs");
    }

    /// <summary>The migrations folder's files with a hash of each, to see that nothing changed.</summary>
    public static List<string> Files(SampleCopy copy)
        => Directory.GetFiles(Path.Combine(copy.Directory, "Migrations")).Order(StringComparer.Ordinal)
            .Select(f => f + ":" + File.ReadAllText(f).GetHashCode()).ToList();

    private void Init() => _git.Init();

    private void OnNewBranch(string name) => _git.OnNewBranch(name);

    /// <summary>Books.Subtitle (and <paramref name="more"/> members after it), migrated and committed.</summary>
    private void AddSubtitle(string more = "")
    {
        _copy.Edit("Model/Book.cs", "public required string Isbn { get; set; }",
            "public required string Isbn { get; set; }\n\n    public string? Subtitle { get; set; }" + more);
        Revision("add subtitle");
        Commit("subtitle");
    }

    /// <summary>Both branches merged into main, cleanly, then built.</summary>
    private void MergeIntoMain(string first, string second)
    {
        Git("checkout", "-q", "main");
        Git("merge", "-q", first);
        Git("merge", "-q", "--no-edit", second);
        build();
    }

    private void Revision(string message, params string[] options)
    {
        var run = _copy.Migrate(["revision", "-m", message, .. options]);
        run.ExitCode.Should().Be(0, run.ToString());
    }

    private void Commit(string message) => _git.Commit(message);

    private string Git(params string[] args) => _git.Git(args);
}
