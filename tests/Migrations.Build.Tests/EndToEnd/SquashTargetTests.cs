using FluentAssertions;
using Migrations.Build.Tests.Infrastructure;

namespace Migrations.Build.Tests.EndToEnd;

/// <summary>
/// -t:MigrationsSquash on the packed package: a project with history (<see cref="SquashableSample"/>)
/// squashed up to AddLoans; without a target it says what to pass; the gate passes after it, and the
/// database at AddLoans moves on with MigrateUp.
/// </summary>
[Collection(PackedPackagesCollection.Name)]
public sealed class SquashTargetTests(PackedPackages packages) : IDisposable
{
    private readonly GatedSample _sample = new(packages);

    public void Dispose() => _sample.Dispose();

    [Fact]
    public void MigrationsSquash_replaces_the_history_up_to_the_target_and_the_gate_then_passes()
    {
        var copy = _sample.Copy;
        SquashableSample.Write(copy);
        File.Delete(Path.Combine(copy.Directory, "Migrations", "migrations.lock.json"));
        GatedSample.ShouldSucceed(_sample.Build("-t:MigrationsLock", "-p:MigrationsBaseline=true"));
        var loans = copy.MigrationId("AddLoans");
        GatedSample.ShouldSucceed(_sample.Build("-t:MigrateUp", $"-p:MigrationsTarget={loans}"));

        var untargeted = _sample.Build("-t:MigrationsSquash");
        var squash = _sample.Build("-t:MigrationsSquash", "-p:MigrationsTarget=AddLoans", "-p:MigrationsDropDataSteps=true");

        untargeted.ExitCode.Should().NotBe(0, untargeted.ToString());
        untargeted.Stdout.Should().Contain("MigrationsSquash needs the last migration to squash: dotnet build -t:MigrationsSquash -p:MigrationsTarget=");
        GatedSample.ShouldSucceed(squash);
        squash.Stdout.Should().Contain($"squashed 20 migration(s) into {loans}, keeping 1 raw SQL step(s); the integrity file updated");
        copy.MigrationFiles().Where(f => f.Contains("_Step", StringComparison.Ordinal)).Should().BeEmpty();

        var gate = _sample.Build();
        var up = _sample.Build("-t:MigrateUp");

        GatedSample.ShouldSucceed(gate);
        GatedSample.ShouldSucceed(up);
        SqliteFile.AppliedMigrations(copy.DatabasePath(_sample.Database)).Should().Contain(SquashableSample.After);
    }
}
