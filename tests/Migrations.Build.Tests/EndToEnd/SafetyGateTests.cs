using FluentAssertions;
using Migrations.Build.Tests.Infrastructure;
using NJsonSchema;

namespace Migrations.Build.Tests.EndToEnd;

/// <summary>Unsafe migrations and the integrity file in a real build of the sample with the packed package.</summary>
[Collection(PackedPackagesCollection.Name)]
public sealed class SafetyGateTests(PackedPackages packages) : IDisposable
{
    private readonly GatedSample _sample = new(packages);

    public void Dispose() => _sample.Dispose();

    /// <summary>Removes Author.Biography and generates the migration that drops its column.</summary>
    private string GenerateDropBiography()
    {
        _sample.Copy.Edit("Model/Author.cs", "    public string? Biography { get; set; }\n", string.Empty);
        GatedSample.ShouldSucceed(_sample.Build("-t:MigrationsGenerate", "-p:MigrationName=DropBiography"));
        return Path.Combine("Migrations", _sample.Copy.MigrationFiles().Single(f => f.EndsWith("_DropBiography.cs")));
    }

    private string InitialCreate => Path.Combine("Migrations", _sample.Copy.MigrationFiles().Single(f => f.EndsWith("_InitialCreate.cs")));

    [Fact]
    public void Dropping_a_column_fails_the_build_at_the_DropColumn_line_until_acknowledged_with_a_reason()
    {
        var migration = GenerateDropBiography();
        var lines = _sample.Copy.Read(migration).Split('\n');
        var line = Array.FindIndex(lines, l => l.Contains("migrationBuilder.DropColumn(")) + 1;
        var column = lines[line - 1].IndexOf("migrationBuilder", StringComparison.Ordinal) + 1;

        var unsafeBuild = _sample.Build();

        unsafeBuild.ExitCode.Should().NotBe(0, unsafeBuild.ToString());
        GatedSample.Diagnostics(unsafeBuild).Should().ContainSingle().Which.Should()
            .StartWith($"{Path.Combine(_sample.Copy.Directory, migration)}({line},{column}): error MIG102:")
            .And.Contain("Authors.Biography").And.Contain("later release");

        _sample.Copy.Edit(migration, "    public partial class DropBiography",
            "    [AllowUnsafeOperation(\"MIG102\", Reason = \"\")]\n    public partial class DropBiography");
        var emptyReason = _sample.Build();

        emptyReason.ExitCode.Should().NotBe(0, emptyReason.ToString());
        GatedSample.Diagnostics(emptyReason).Should().Contain(d => d.Contains("error MIG013")).And.Contain(d => d.Contains("error MIG102"));

        _sample.Copy.Edit(migration, "Reason = \"\"", "Reason = \"Biographies moved to the CMS in v3\"");
        var acknowledged = _sample.Build();

        GatedSample.ShouldSucceed(acknowledged);
        GatedSample.Diagnostics(acknowledged).Should().BeEmpty();
    }

    [Fact]
    public void Editing_a_locked_migration_is_MIG010_but_a_comment_is_not()
    {
        GatedSample.ShouldSucceed(_sample.Build());
        _sample.Copy.Edit(InitialCreate, "migrationBuilder.CreateTable(", "// Reviewed: the first schema.\n            migrationBuilder.CreateTable(");

        var comment = _sample.Build();

        GatedSample.ShouldSucceed(comment);
        GatedSample.Diagnostics(comment).Should().BeEmpty("a comment doesn't change what the migration does");

        _sample.Copy.Edit(InitialCreate, "maxLength: 200", "maxLength: 150");
        var edited = _sample.Build();

        edited.ExitCode.Should().NotBe(0, edited.ToString());
        GatedSample.Diagnostics(edited).Should()
            .Contain(d => d.Contains("error MIG010") && d.Contains("_InitialCreate") && d.Contains(InitialCreate.Replace('\\', '/')));
    }

    [Fact]
    public void A_back_dated_migration_is_MIG012()
    {
        var backDated = $"{long.Parse(_sample.Copy.MigrationId("InitialCreate")[..14]) + 1}_FromABranch";
        _sample.Copy.WriteMigration(backDated,
            """            migrationBuilder.CreateIndex(name: "IX_Books_Title", table: "Books", column: "Title");""",
            """            migrationBuilder.DropIndex(name: "IX_Books_Title", table: "Books");""");

        var build = _sample.Build();

        build.ExitCode.Should().NotBe(0, build.ToString());
        GatedSample.Diagnostics(build).Should().Contain(d => d.Contains("error MIG012") && d.Contains(backDated) && d.Contains("_AddLoans"));
    }

    [Fact]
    public async Task Lint_writes_SARIF_that_validates_against_the_SARIF_2_1_0_schema_and_lock_refuses_unsafe_migrations()
    {
        GenerateDropBiography();

        var sarif = _sample.Migrate("lint", "--format", "sarif");

        sarif.ExitCode.Should().Be(1, sarif.ToString());
        var schema = await JsonSchema.FromFileAsync(Path.Combine(AppContext.BaseDirectory, "Schemas", "sarif-schema-2.1.0.json"),
            TestContext.Current.CancellationToken);
        schema.Validate(sarif.Stdout).Should().BeEmpty("our SARIF must be valid SARIF 2.1.0");
        sarif.Stdout.Should().Contain("\"ruleId\": \"MIG102\"").And.Contain("_DropBiography.cs").And.Contain("\"helpUri\"");

        var github = _sample.Migrate("lint", "--no-build", "--format", "github");
        github.Stdout.Should().MatchRegex(@"::error file=Migrations/\d{14}_DropBiography\.cs,line=\d+,title=MIG102 in \d{14}_DropBiography::Column "
            + @"Authors\.Biography is dropped");

        var markdown = _sample.Migrate("lint", "--no-build", "--format", "markdown");
        markdown.Stdout.Should().Contain("| ❌ error |").And.Contain("[MIG102](").And.Contain("Column dropped");

        var locked = _sample.Migrate("lock", "--no-build");
        locked.ExitCode.Should().Be(1, locked.ToString());
        locked.Stderr.Should().Contain("Not locked").And.Contain("MIG102");
        _sample.Copy.Read(Path.Combine("Migrations", "migrations.lock.json")).Should().NotContain("DropBiography");
    }

    [Fact]
    public void A_rename_warns_MIG302_and_MSBuildWarningsAsErrors_makes_it_fail()
    {
        var after = $"{long.Parse(_sample.Copy.MigrationId("AddLoans")[..14]) + 1}_RenameMemberName";
        _sample.Copy.WriteMigration(after,
            """
                        migrationBuilder.RenameColumn(name: "Name", table: "Members", newName: "FullName");
                        migrationBuilder.RenameColumn(name: "FullName", table: "Members", newName: "Name");
            """,
            string.Empty);

        var build = _sample.Build();

        GatedSample.ShouldSucceed(build);
        var diagnostics = GatedSample.Diagnostics(build);
        diagnostics.Where(d => d.Contains("warning MIG302")).Should().HaveCount(2, "each rename is reported at its own line");
        var firstRename = Array.FindIndex(_sample.Copy.Read(Path.Combine("Migrations", $"{after}.cs")).Split('\n'), l => l.Contains("RenameColumn(")) + 1;
        diagnostics.Should().Contain(d => d.Contains($"{after}.cs({firstRename},") && d.Contains("Members.Name is renamed to FullName"));
        diagnostics.Should().Contain(d => d.Contains($"{after}.cs({firstRename + 1},") && d.Contains("Members.FullName is renamed to Name"));
        diagnostics.Should().Contain(d => d.Contains("warning MIG502"), "its Down is empty");

        var strict = _sample.Build("--no-incremental", "-p:MSBuildWarningsAsErrors=MIG302");

        strict.ExitCode.Should().NotBe(0, strict.ToString());
        GatedSample.Diagnostics(strict).Should().Contain(d => d.Contains("error MIG302"));
    }

    [Fact]
    public void A_locked_migration_deleted_from_the_project_is_MIG011()
    {
        foreach (var file in _sample.Copy.MigrationFiles().Where(f => f.Contains("_AddLoans")))
        {
            File.Delete(Path.Combine(_sample.Copy.Directory, "Migrations", file));
        }

        var check = _sample.Migrate("check", "--json");

        check.ExitCode.Should().Be(1, check.ToString());
        check.Json().GetProperty("findings").EnumerateArray().Should().Contain(f =>
            f.GetProperty("rule").GetString() == "MIG011" && f.GetProperty("migration").GetString()!.EndsWith("_AddLoans")
            && f.GetProperty("file").GetString()!.EndsWith("migrations.lock.json"));
    }
}
