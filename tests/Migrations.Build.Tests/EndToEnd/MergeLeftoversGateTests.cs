using FluentAssertions;
using Migrations.Build.Tests.Infrastructure;

namespace Migrations.Build.Tests.EndToEnd;

/// <summary>
/// What a merge leaves that the compiler can't explain: the gate reads the sources before the
/// compiler runs and names the file and line (MIG015 conflict markers, MIG016 colliding migrations);
/// a migration made on a parallel branch fails the gate (MIG014) until -t:MigrationsRebase moves it.
/// </summary>
[Collection(PackedPackagesCollection.Name)]
public sealed class MergeLeftoversGateTests(PackedPackages packages) : IDisposable
{
    private readonly GatedSample _sample = new(packages);

    public void Dispose() => _sample.Dispose();

    [Fact]
    public void The_build_names_a_migration_added_twice_and_a_snapshot_left_in_conflict_before_the_compiler_runs()
    {
        var copy = _sample.Copy;
        var loans = copy.MigrationId("AddLoans");
        var twin = "20991231000000_AddLoans";
        foreach (var suffix in new[] { ".cs", ".Designer.cs" })
        {
            copy.Write($"Migrations/{twin}{suffix}", copy.Read($"Migrations/{loans}{suffix}").Replace(loans, twin, StringComparison.Ordinal));
        }

        var twice = _sample.Build();

        twice.ExitCode.Should().NotBe(0, twice.ToString());
        twice.Stdout.Should().MatchRegex($@"{twin}\.Designer\.cs\(\d+\): error MIG016: Two migrations are named AddLoans \({loans} and {twin}\)")
            .And.NotContain("error CS", "the compiler doesn't run on what the gate can explain");

        File.Delete(Path.Combine(copy.Directory, "Migrations", twin + ".cs"));
        File.Delete(Path.Combine(copy.Directory, "Migrations", twin + ".Designer.cs"));
        var snapshot = Directory.GetFiles(Path.Combine(copy.Directory, "Migrations"), "*ModelSnapshot.cs").Single();
        var clean = File.ReadAllText(snapshot);
        File.WriteAllText(snapshot, clean.Replace("b.ToTable(\"Members\");", "\n<<<<<<< HEAD\n    b.ToTable(\"Members\");\n=======\n"
            + "    b.ToTable(\"People\");\n>>>>>>> people", StringComparison.Ordinal));

        var conflicted = _sample.Build();

        conflicted.ExitCode.Should().NotBe(0, conflicted.ToString());
        conflicted.Stdout.Should().MatchRegex(@"LibraryContextModelSnapshot\.cs\(\d+\): error MIG015: .*1 merge conflict").And.NotContain("error CS");

        File.WriteAllText(snapshot, clean);
        GatedSample.ShouldSucceed(_sample.Build());
        var cache = Directory.GetFiles(Path.Combine(copy.Directory, "obj"), "migrations.sources.json", SearchOption.AllDirectories)
            .Should().ContainSingle().Subject;
        File.ReadAllText(cache).Should().Contain(Path.GetFileName(snapshot), "what each file holds is kept, so the next edit reads only the edited file")
            .And.NotContain(twin, "a deleted file leaves the cache");
    }

    [Fact]
    public void MigrationsRebase_moves_the_migration_made_on_a_parallel_branch_and_the_gate_then_passes()
    {
        new TeamRepo(_sample.Copy, () => GatedSample.ShouldSucceed(_sample.Build("-p:MigrationsCheckOnBuild=false"))).MergeTwoBranches();
        var stale = _sample.Copy.MigrationId("AddSubtitle");

        var gate = _sample.Build();
        var dryRun = _sample.Build("-t:MigrationsRebase", "-p:MigrationsDryRun=true");

        gate.ExitCode.Should().NotBe(0, gate.ToString());
        gate.Stdout.Should().Contain("error MIG014");
        GatedSample.ShouldSucceed(dryRun);
        dryRun.Stdout.Should().Contain("would move " + stale);
        _sample.Copy.MigrationId("AddSubtitle").Should().Be(stale, "a dry run changes nothing");

        var rebase = _sample.Build("-t:MigrationsRebase");

        GatedSample.ShouldSucceed(rebase);
        rebase.Stdout.Should().Contain("moved " + stale);
        var after = _sample.Build();
        GatedSample.ShouldSucceed(after);
        after.Stdout.Should().NotContain("MIG014");
    }
}
