using System.Text.Json;
using FluentAssertions;
using Migrations.Build.Tests.Infrastructure;

namespace Migrations.Build.Tests.EndToEnd;

/// <summary>
/// Adding Migrations.Build to an app with years of shipped migrations, through the packed packages:
/// a baseline records them as reviewed without any database, the build passes, and what is added
/// from then on is judged as before.
/// </summary>
[Collection(PackedPackagesCollection.Name)]
public sealed class AdoptionTests(PackedPackages packages, PostgresServer server)
{
    [Fact]
    public void A_baseline_without_a_database_lets_the_shipped_history_build_and_still_judges_new_migrations()
    {
        using var shipped = new ShippedApp(packages, EFCoreApp.Sqlite10, "Data Source=blog.db");
        var field = shipped.Field;

        // Before: every shipped migration is judged, and the errors say how to adopt.
        var before = field.Build();
        before.ExitCode.Should().NotBe(0);
        before.Stdout.Should().MatchRegex(@"20200106000000_DropArchive\.cs\(\d+,\d+\): error MIG101")
            .And.MatchRegex(@"20200112000000_PurgeDrafts\.cs\(\d+,\d+\): error MIG105")
            .And.Contain("dotnet migrate lock --baseline").And.Contain("-t:MigrationsLock -p:MigrationsBaseline=true");
        var refused = field.Migrate("lock");
        refused.ExitCode.Should().Be(1, refused.ToString());
        refused.Stderr.Should().Contain("dotnet migrate lock --baseline");
        File.Exists(shipped.LockFile).Should().BeFalse("a refused lock writes nothing");

        // The baseline, from the build: every migration recorded as reviewed, no database touched.
        // A database that can't even be opened: a baseline must not try.
        field.Environment["FIELD_CONNECTION"] = "Data Source=/nonexistent/blog.db;Mode=ReadOnly";
        var baseline = field.Build("-t:MigrationsLock", "-p:MigrationsBaseline=true");
        field.Environment["FIELD_CONNECTION"] = "Data Source=blog.db";
        FieldApp.ShouldSucceed(baseline);
        baseline.Stdout.Should().Contain($"baselined {ShippedApp.Ids.Count} migration(s) as reviewed").And.NotContain("MIG905", "a baseline reads no database");
        using (var lockFile = JsonDocument.Parse(File.ReadAllText(shipped.LockFile)))
        {
            var entries = lockFile.RootElement.GetProperty("migrations").EnumerateArray().ToList();
            entries.Select(e => e.GetProperty("id").GetString()).Should().Equal(ShippedApp.Ids);
            entries.Should().OnlyContain(e => e.GetProperty("baseline").GetBoolean());
        }

        FieldApp.ShouldSucceed(field.Build());

        // Deleting the integrity file is a change the gate sees, though the assembly is the same.
        var kept = File.ReadAllText(shipped.LockFile);
        File.Delete(shipped.LockFile);
        var unlocked = field.Build();
        unlocked.ExitCode.Should().NotBe(0, "without its integrity file the history is judged again");
        unlocked.Stdout.Should().Contain("error MIG101");
        File.WriteAllText(shipped.LockFile, kept);
        FieldApp.ShouldSucceed(field.Build());

        var lint = field.Migrate("lint", "--json");
        FieldApp.ShouldSucceed(lint);
        var findings = lint.Json().GetProperty("findings").EnumerateArray().ToList();
        findings.Should().Contain(f => f.GetProperty("rule").GetString() == "MIG101" && f.GetProperty("migration").GetString() == "20200106000000_DropArchive",
            "lint still lists what the shipped migrations do");
        findings.Should().OnlyContain(f => f.GetProperty("severity").GetString() == "message" && f.GetProperty("message").GetString()!.Contains("Baselined"));

        // A new unsafe migration is judged as ever: only it fails.
        File.WriteAllText(Path.Combine(field.Directory, "Model", "Blog.cs"), """
            namespace BlogApp.Model;

            public class Blog
            {
                public int Id { get; set; }
            }
            """);
        FieldApp.ShouldSucceed(field.Build("-t:MigrationsGenerate", "-p:MigrationName=DropTitle"));
        var after = field.Build();
        after.ExitCode.Should().NotBe(0);
        after.Stdout.Should().MatchRegex(@"_DropTitle\.cs\(\d+,\d+\): error MIG102").And.NotContain("error MIG101").And.NotContain("error MIG105")
            .And.NotContain("--baseline", "the project has its integrity file now");

        // MigrateUp runs an unreviewed unsafe migration only when confirmed; an ordinary build never is.
        field.Build("-p:MigrationsYes=true").ExitCode.Should().NotBe(0, "MigrationsYes confirms MigrateUp's run, not every build");
        var refusedUp = field.Build("-t:MigrateUp");
        refusedUp.ExitCode.Should().NotBe(0);
        File.Exists(Path.Combine(field.Directory, "blog.db")).Should().BeFalse("nothing ran");
        var confirmed = field.Build("-t:MigrateUp", "-p:MigrationsYes=true");
        FieldApp.ShouldSucceed(confirmed);
        confirmed.Stdout.Should().MatchRegex(@"_DropTitle\.cs\(\d+,\d+\): warning MIG102: .*Confirmed for this build with MigrationsYes")
            .And.Contain($"Migrations: applied {ShippedApp.Ids.Count + 1} migration(s)");

        // Applied is not reviewed: locking still judges it.
        var unreviewed = field.Migrate("lock");
        unreviewed.ExitCode.Should().Be(1, unreviewed.ToString());
        unreviewed.Stderr.Should().Contain("MIG102");
    }

    [Theory]
    [MemberData(nameof(EFCoreApp.Providers), "sqlite", MemberType = typeof(EFCoreApp))]
    public void MigrateUp_applies_a_reviewed_migration_again_after_its_rollback(string provider)
    {
        var (app, connection) = EFCoreApp.OnEFCore10(provider, server, "shipped");
        using var shipped = new ShippedApp(packages, app, connection);
        var field = shipped.Field;
        var baseline = field.Migrate("lock", "--baseline");
        FieldApp.ShouldSucceed(baseline);
        baseline.Stdout.Should().Contain($"Baselined {ShippedApp.Ids.Count} migration(s) as reviewed");
        var up = field.Build("-t:MigrateUp");
        FieldApp.ShouldSucceed(up);
        up.Stdout.Should().Contain($"applied {ShippedApp.Ids.Count} migration(s)");

        // A rollback moves the database: the next build checks again rather than repeat the last check.
        FieldApp.ShouldSucceed(field.Migrate("rollback", "-1", "--force"));
        var pending = $"warning MIG002: Migration {ShippedApp.PurgeDrafts} is not applied";
        var rebuilt = field.Build("-v:n");
        FieldApp.ShouldSucceed(rebuilt);
        rebuilt.Stdout.Should().Contain(pending)
            .And.NotContain("error MIG105", "a reviewed migration's findings never fail anything");
        var replayed = field.Build("-v:n");
        replayed.Stdout.Should().Contain(pending).And.Contain("its findings are repeated", "nothing changed: the last check is repeated, not hidden");
        var explicitCheck = field.Build("-t:MigrationsCheck", "-v:n");
        FieldApp.ShouldSucceed(explicitCheck);
        explicitCheck.Stdout.Should().Contain(pending).And.NotContain("its findings are repeated", "an explicit check always checks");

        var again = field.Build("-t:MigrateUp");
        FieldApp.ShouldSucceed(again);
        again.Stdout.Should().Contain($"Migrations: applied 1 migration(s), {ShippedApp.Ids[^2]} -> {ShippedApp.PurgeDrafts}");
        var settled = field.Build("-v:n");
        FieldApp.ShouldSucceed(settled);
        settled.Stdout.Should().NotContain("MIG002", "MigrateUp moved the database, so the gate checked again");
    }
}
