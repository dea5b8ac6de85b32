using FluentAssertions;
using Migrations.Build.Tests.Infrastructure;

namespace Migrations.Build.Tests.EndToEnd;

/// <summary>
/// The gate on SQLite files (the sample's own provider), plus what doesn't depend on the provider and
/// so runs once, here: the incremental check, the standard knobs, a class library, MigrationsCheck alone.
/// </summary>
[Collection(PackedPackagesCollection.Name)]
public sealed class SqliteGateTests(PackedPackages packages) : GateTests(packages)
{
    protected override string UseProvider(GatedSample sample) => sample.Database; // SQLite is the sample's default

    protected override TestDatabases Databases => new SqliteDatabases(Sample.Copy);

    protected override void ExecuteScript(string db, string script) => SqliteFile.Execute(Sample.Copy.DatabasePath(db), script);

    protected override bool IdempotentScripts => false;

    [Fact]
    public void A_clean_model_builds_without_diagnostics_and_a_rebuild_repeats_the_last_check()
    {
        var first = Build();

        GatedSample.ShouldSucceed(first);
        GatedSample.Diagnostics(first).Should().BeEmpty();

        var second = Build("-v:n");

        GatedSample.ShouldSucceed(second);
        second.Stdout.Should().Contain("nothing the model or the check reads changed since it last passed");
    }

    [Fact]
    public void The_gate_is_off_in_design_time_builds_and_when_asked_and_obeys_NoWarn_and_MSBuildWarningsAsErrors()
    {
        GatedSample.ShouldSucceed(Build("-t:MigrateUp"));
        Sample.AddMemberPhone();

        GatedSample.ShouldSucceed(Build("-p:MigrationsCheckOnBuild=false"));
        GatedSample.ShouldSucceed(Build("-p:DesignTimeBuild=true")); // IDE design-time builds are never gated
        Build().ExitCode.Should().NotBe(0, "the same drift fails an ordinary build");

        var nameless = Build("-t:MigrationsGenerate");
        nameless.ExitCode.Should().NotBe(0);
        nameless.Stdout.Should().Contain("MigrationsGenerate needs a name for the migration");

        GatedSample.ShouldSucceed(Build("-t:MigrationsGenerate", "-p:MigrationName=AddPhone"));
        var strict = Build("--no-incremental", "-p:MSBuildWarningsAsErrors=MIG002");
        strict.ExitCode.Should().NotBe(0, "MSBuildWarningsAsErrors applies to MIG codes: {0}", strict);
        GatedSample.Diagnostics(strict).Should().ContainSingle().Which.Should().Contain("error MIG002");

        var quiet = Build("--no-incremental", "-p:NoWarn=MIG002");
        GatedSample.ShouldSucceed(quiet);
        GatedSample.Diagnostics(quiet).Should().BeEmpty("NoWarn applies to MIG codes");
    }

    [Fact]
    public void A_class_library_holding_the_context_is_gated_too()
    {
        Sample.Copy.Edit("Library.csproj", "<OutputType>Exe</OutputType>", "<OutputType>Library</OutputType>");
        File.Delete(Path.Combine(Sample.Copy.Directory, "Program.cs"));

        GatedSample.ShouldSucceed(Build("-t:MigrateUp"));
        Databases.Applied(AppDatabase).Should().HaveCount(2);

        Sample.AddMemberPhone();
        var drifted = Build();
        drifted.ExitCode.Should().NotBe(0, drifted.ToString());
        GatedSample.Diagnostics(drifted).Should().ContainSingle().Which.Should().Contain("error MIG001");
    }

    [Fact]
    public void A_lock_taking_migration_warns_on_a_small_table_and_fails_the_build_above_MigrationsLargeTableRows()
    {
        GatedSample.ShouldSucceed(Build("-t:MigrateUp"));
        // 2,000 members in one statement (a recursive CTE), as a seed script would insert them.
        ExecuteScript(AppDatabase, """
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)
            INSERT INTO "Members" ("Name", "Email", "JoinedAt") SELECT 'Member ' || i, 'member' || i || '@example.org', '2024-01-01 00:00:00' FROM n;
            """);
        var id = $"{long.Parse(Id("AddLoans")[..14]) + 1}_UniqueMemberName";
        Sample.Copy.WriteMigration(id,
            """            migrationBuilder.CreateIndex(name: "IX_Members_Name", table: "Members", column: "Name", unique: true);""",
            """            migrationBuilder.DropIndex(name: "IX_Members_Name", table: "Members");""");

        var small = Build();

        GatedSample.ShouldSucceed(small);
        GatedSample.Diagnostics(small).Should()
            .Contain(d => d.Contains("warning MIG203: Unique IX_Members_Name on Members") && d.Contains("(table Members: ~2,000 rows)"));

        // The same build with a lower threshold: the finding is an error that says the size it used.
        var large = Build("-p:MigrationsLargeTableRows=1000");

        large.ExitCode.Should().NotBe(0, large.ToString());
        GatedSample.Diagnostics(large).Should().ContainSingle(d => d.Contains("MIG203")).Which.Should()
            .StartWith(Path.Combine(Sample.Copy.Directory, "Migrations", id + ".cs") + "(")
            .And.Contain(": error MIG203: Unique IX_Members_Name on Members")
            .And.Contain("(table Members: more than 1,000 rows, above MigrationsLargeTableRows 1,000)");
    }

    [Fact]
    public void MigrationsCheck_alone_builds_first()
    {
        var check = Build("-t:MigrationsCheck");

        GatedSample.ShouldSucceed(check);
        File.Exists(Path.Combine(Sample.Copy.Directory, "obj", "Debug", "net10.0", "migrations.check.stamp")).Should().BeTrue();
    }
}
