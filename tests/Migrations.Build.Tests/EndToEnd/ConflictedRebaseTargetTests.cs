using FluentAssertions;
using Migrations.Build.Tests.Infrastructure;

namespace Migrations.Build.Tests.EndToEnd;

/// <summary>
/// -t:MigrationsRebase on the packed package when the merge left the model snapshot in conflict: the
/// target builds it as its first side, a dry run puts it back byte for byte, and the rebase writes it
/// again from the merged model, after which the gate passes.
/// </summary>
[Collection(PackedPackagesCollection.Name)]
public sealed class ConflictedRebaseTargetTests(PackedPackages packages) : IDisposable
{
    private readonly GatedSample _sample = new(packages);

    public void Dispose() => _sample.Dispose();

    [Fact]
    public void MigrationsRebase_writes_a_snapshot_left_in_conflict_again_and_a_dry_run_puts_it_back()
    {
        var copy = _sample.Copy;
        new TeamRepo(copy, () => GatedSample.ShouldSucceed(_sample.Build("-p:MigrationsCheckOnBuild=false"))).MergeTwoBranches(conflict: true);
        var snapshot = Directory.GetFiles(Path.Combine(copy.Directory, "Migrations"), "*ModelSnapshot.cs").Single();
        var conflicted = File.ReadAllBytes(snapshot);
        System.Text.Encoding.UTF8.GetString(conflicted).Should().Contain("<<<<<<<");

        var dryRun = _sample.Build("-t:MigrationsRebase", "-p:MigrationsDryRun=true");

        GatedSample.ShouldSucceed(dryRun);
        dryRun.Stdout.Should().Contain("has merge conflicts: would take its first side").And.Contain("would move " + copy.MigrationId("AddNickname"));
        File.ReadAllBytes(snapshot).Should().Equal(conflicted, "a dry run puts the conflicted snapshot back as it was");

        var rebase = _sample.Build("-t:MigrationsRebase");

        GatedSample.ShouldSucceed(rebase);
        File.ReadAllText(snapshot).Should().NotContain("<<<<<<<").And.Contain("\"Nickname\"").And.Contain("\"Phone\"");
        GatedSample.ShouldSucceed(_sample.Build());
    }
}
