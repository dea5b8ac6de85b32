using FluentAssertions;
using Migrations.Build.Tests.Infrastructure;

namespace Migrations.Build.Tests.EndToEnd;

/// <summary>-t:MigrationsTest on the packed package: the up/down cycle in the build, failures at the migration's line.</summary>
[Collection(PackedPackagesCollection.Name)]
public sealed class CycleTargetTests(PackedPackages packages) : IDisposable
{
    private readonly GatedSample _sample = new(packages);

    public void Dispose() => _sample.Dispose();

    [Fact]
    public void MigrationsTest_passes_the_sample_and_fails_at_a_Down_that_forgets_an_index()
    {
        var good = _sample.Build("-t:MigrationsTest");

        GatedSample.ShouldSucceed(good);
        good.Stdout.Should().Contain("up, down and up again").And.Contain("passed");
        File.Exists(_sample.Copy.DatabasePath(_sample.Database)).Should().BeFalse("the cycle runs on a scratch database, not the app's");

        _sample.Copy.Write("seed.sql", "INSERT INTO \"Authors\" (\"Id\", \"Name\") VALUES (1, 'Ursula K. Le Guin'), (2, 'Frank Herbert');");
        var seeded = _sample.Build("-t:MigrationsTest", "-p:MigrationsTestSeed=seed.sql");

        GatedSample.ShouldSucceed(seeded);
        seeded.Stdout.Should().Contain($"seed seed.sql at {_sample.Copy.MigrationId("InitialCreate")}, checked after 1 migration(s): passed");

        _sample.Copy.WriteMigration("20991231000000_ForgetsIndex",
            "        migrationBuilder.CreateIndex(name: \"IX_Books_Title\", table: \"Books\", column: \"Title\");",
            "        migrationBuilder.Sql(\"SELECT 1\");");

        var broken = _sample.Build("-t:MigrationsTest");

        broken.ExitCode.Should().NotBe(0, broken.ToString());
        GatedSample.Diagnostics(broken).Should().Contain(d => d.Contains("20991231000000_ForgetsIndex.cs(") && d.Contains("error MIG503")
            && d.Contains("index IX_Books_Title on Books is still there after Down"));
    }
}
