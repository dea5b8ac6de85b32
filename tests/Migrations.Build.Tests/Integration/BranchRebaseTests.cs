using FluentAssertions;
using Migrations.Build.Tests.Infrastructure;

namespace Migrations.Build.Tests.Integration;

/// <summary>
/// rebase of a branch that made two migrations, merged with a branch that made one: both move
/// together, each Designer gets the other branch's model plus the branch's own changes up to it, and
/// the project then passes check and the up/down cycle; on SQLite and PostgreSQL. A column both
/// branches changed is refused, naming it.
/// </summary>
public abstract class BranchRebaseTests : IDisposable
{
    protected abstract SampleCopy Copy { get; }

    protected abstract string NewDatabase(string name);

    /// <summary>The columns of Books and Members.</summary>
    protected abstract IReadOnlyList<string> Columns(string db);

    public abstract void Dispose();

    /// <summary>
    /// Whether a migration that changes a column's length has operations: SQLite has no lengths, so the
    /// two branches' migrations are empty, and which model ShorterTitles was made on can't be told from
    /// its Down: refused all the same, as not adding up to the app's model.
    /// </summary>
    protected virtual bool BothChangesInTheDown => true;

    [Fact]
    public void Rebase_moves_a_branchs_two_migrations_together_each_Designer_merged_with_the_other_branchs_model()
    {
        new TeamRepo(Copy, Copy.Build).MergeABranchOfTwo(interleaved: false);
        var (phone, subtitle, series) = (Copy.MigrationId("AddPhone"), Copy.MigrationId("AddSubtitle"), Copy.MigrationId("AddSeries"));
        Copy.Migrate("check", "--no-build").All.Should().Contain("AddSubtitle was created without AddPhone");
        var files = TeamRepo.Files(Copy);

        var dryRun = Copy.Migrate("rebase", "--dry-run", "--no-build");

        dryRun.ExitCode.Should().Be(0, dryRun.ToString());
        dryRun.Stdout.Should().Contain($"Would move {subtitle} -> ").And.Contain($"Would move {series} -> ").And.Contain($"(after {phone})",
            "AddSeries was made on AddSubtitle's model: it moves with it, though check names only AddSubtitle");
        TeamRepo.Files(Copy).Should().Equal(files);

        var rebase = Copy.Migrate("rebase", "--no-build", "--json");

        rebase.ExitCode.Should().Be(0, rebase.ToString());
        var moved = Moved(rebase);
        moved.Select(m => m.From).Should().Equal(subtitle, series);
        moved.Select(m => m.To).Should().BeInAscendingOrder(StringComparer.Ordinal).And.OnlyContain(to => string.CompareOrdinal(to, phone) > 0);
        Designer(moved[0].To).Should().Contain($"[Migration(\"{moved[0].To}\")]").And.Contain("\"Phone\"").And.Contain("\"Subtitle\"")
            .And.NotContain("\"Series\"", "AddSubtitle's model is the other branch's plus its own change, not the next one's");
        Designer(moved[1].To).Should().Contain("\"Phone\"").And.Contain("\"Subtitle\"").And.Contain("\"Series\"");
        BuiltFromTheMergedMigrations();
    }

    [Fact]
    public void Rebase_of_a_named_migration_takes_the_one_made_on_it_when_the_other_branchs_sorts_between_them()
    {
        new TeamRepo(Copy, Copy.Build).MergeABranchOfTwo(interleaved: true);
        var (phone, subtitle, series) = (Copy.MigrationId("AddPhone"), Copy.MigrationId("AddSubtitle"), Copy.MigrationId("AddSeries"));
        string.CompareOrdinal(subtitle, phone).Should().BeNegative();
        string.CompareOrdinal(phone, series).Should().BeNegative();

        var rebase = Copy.Migrate("rebase", "AddSubtitle", "--no-build", "--json");

        rebase.ExitCode.Should().Be(0, rebase.ToString());
        Moved(rebase).Select(m => m.From).Should().Equal(subtitle, series);
        rebase.Json().GetProperty("after").GetString().Should().Be(phone);
        BuiltFromTheMergedMigrations();
    }

    [Fact]
    public void A_follow_up_that_renames_what_its_branch_added_moves_with_it_told_by_its_Down()
    {
        new TeamRepo(Copy, Copy.Build).MergeARenameFollowUp();
        var (subtitle, seed, rename) = (Copy.MigrationId("AddSubtitle"), Copy.MigrationId("SeedMembers"), Copy.MigrationId("RenameSubtitle"));
        new[] { subtitle, seed, rename }.Should().BeInAscendingOrder(StringComparer.Ordinal);

        var rebase = Copy.Migrate("rebase", "AddSubtitle", "--no-build", "--json");

        rebase.ExitCode.Should().Be(0, rebase.ToString());
        Moved(rebase).Select(m => m.From).Should().Equal([subtitle, rename], "RenameSubtitle was made on AddSubtitle, whatever sorts between them");
        rebase.Json().GetProperty("after").GetString().Should().Be(seed);
        Copy.Build();
        var db = NewDatabase("renamed");
        Copy.Migrate("upgrade", "--no-build", "--connection", db).ExitCode.Should().Be(0);
        Copy.Migrate("check", "--no-build", "--connection", db).ExitCode.Should().Be(0);
        Columns(db).Should().Contain("Tagline").And.NotContain("Subtitle");
    }

    [Fact]
    public void A_column_both_branches_changed_differently_is_refused_naming_it_and_nothing_changes()
    {
        new TeamRepo(Copy, Copy.Build).MergeOneColumnChangedTwice();
        var files = TeamRepo.Files(Copy);

        var rebase = Copy.Migrate("rebase", "ShorterTitles");

        rebase.ExitCode.Should().Be(1, rebase.ToString());
        rebase.Stderr.Should().Contain("Entity(\"Library.Model.Book\") definition > Property(\"Title\")").And.Contain("Nothing was changed");
        if (BothChangesInTheDown)
        {
            rebase.Stderr.Should().Contain("ShorterTitles and the migrations before it both change the same part of the model")
                .And.Contain("changed on both sides");
        }

        TeamRepo.Files(Copy).Should().Equal(files, "the snapshot stays as git left it, conflict markers and all");
    }

    /// <summary>Built, the project passes check (no MIG014), a new database gets all three columns, and the up/down cycle passes.</summary>
    protected void BuiltFromTheMergedMigrations()
    {
        Copy.Build();
        var db = NewDatabase("merged");
        Copy.Migrate("upgrade", "--no-build", "--connection", db).ExitCode.Should().Be(0);
        var check = Copy.Migrate("check", "--no-build", "--connection", db);
        check.ExitCode.Should().Be(0, check.ToString());
        Columns(db).Should().Contain(["Subtitle", "Series", "Phone"]);
        var cycle = Copy.Migrate("test", "--no-build", "--connection", NewDatabase("cycle"));
        cycle.ExitCode.Should().Be(0, cycle.ToString());
    }

    protected static List<(string From, string To)> Moved(ProcessResult rebase)
        => rebase.Json().GetProperty("moved").EnumerateArray().Select(m => (m.GetProperty("from").GetString()!, m.GetProperty("to").GetString()!)).ToList();

    protected string Designer(string id) => File.ReadAllText(Path.Combine(Copy.Directory, "Migrations", id + ".Designer.cs"));
}

public sealed class SqliteBranchRebaseTests : BranchRebaseTests
{
    private readonly SampleCopy _copy = new();

    protected override SampleCopy Copy => _copy;

    protected override string NewDatabase(string name) => _copy.NewDatabase(name);

    protected override IReadOnlyList<string> Columns(string db)
        => SqliteFile.Strings(_copy.DatabasePath(db), "SELECT name FROM pragma_table_info('Books') UNION ALL SELECT name FROM pragma_table_info('Members')");

    public override void Dispose() => _copy.Dispose();

    protected override bool BothChangesInTheDown => false;

}

public sealed class PostgresBranchRebaseTests(PostgresServer server) : BranchRebaseTests
{
    private readonly PostgresServer _server = server;
    private SampleCopy? _copy;

    /// <summary>The sample with its PostgreSQL migrations, made on first use (after the skip when there is no server).</summary>
    protected override SampleCopy Copy => _copy ??= ProviderSample.PostgresCopy(_server);

    protected override string NewDatabase(string name) => _server.DatabaseConnection($"rebase_{name}_{Guid.NewGuid():N}"[..30]);

    protected override IReadOnlyList<string> Columns(string db)
        => _server.Strings(db, "SELECT column_name FROM information_schema.columns WHERE table_name IN ('Books', 'Members')");

    [Fact]
    public void A_moved_Designer_has_the_usings_of_a_column_type_its_branch_drops_later()
    {
        new TeamRepo(Copy, Copy.Build).MergeABranchOfTwo(interleaved: false, addressDroppedLater: true);

        var rebase = Copy.Migrate("rebase", "--no-build", "--json");

        rebase.ExitCode.Should().Be(0, rebase.ToString());
        Designer(Moved(rebase)[0].To).Should().Contain("b.Property<IPAddress>(\"Origin\")").And.Contain("using System.Net;",
            "the app's model has no IPAddress left, but AddSubtitle's has: without the using, the project doesn't build");
        BuiltFromTheMergedMigrations();
    }

    public override void Dispose() => _copy?.Dispose();
}
