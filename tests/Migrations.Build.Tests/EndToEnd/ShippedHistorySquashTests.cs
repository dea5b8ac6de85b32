using System.Text.RegularExpressions;
using FluentAssertions;
using Migrations.Build.Tests.Infrastructure;

namespace Migrations.Build.Tests.EndToEnd;

/// <summary>
/// Squash on an app with years of history (<see cref="ShippedApp"/>): migrations written by hand with
/// no Designer, a table the model never mapped, raw SQL data steps written for the schema of their
/// time. Squash says what stops it, changes nothing until the team has mapped what the chain builds,
/// then replaces thirteen migrations with one that databases at head need nothing from.
/// </summary>
[Collection(PackedPackagesCollection.Name)]
public sealed class ShippedHistorySquashTests(PackedPackages packages, PostgresServer server)
{
    private const string MapLegacyNotes = "MapLegacyNotes";

    [Theory]
    [MemberData(nameof(EFCoreApp.Providers), "sqlite", MemberType = typeof(EFCoreApp))]
    public void A_shipped_history_is_squashed_once_its_model_is_mapped(string provider)
    {
        var (app, connection) = EFCoreApp.OnEFCore10(provider, server, "shipped");
        using var shipped = new ShippedApp(packages, app, connection);
        var field = shipped.Field;
        var inside = Fresh(app, "inside");
        FieldApp.ShouldSucceed(field.Migrate("upgrade", "20200104000000_RenameAuthor", "--connection", inside));
        FieldApp.ShouldSucceed(field.Migrate("upgrade"));

        var files = Files(field);
        var noModel = field.Migrate("squash", "DropWriterIndex");
        noModel.ExitCode.Should().Be(2, noModel.ToString());
        noModel.Stderr.Should().Contain("DropWriterIndex has no").And.Contain("Squash up to a migration that dotnet ef or dotnet migrate revision wrote")
            .And.Contain("Nothing was changed");
        Files(field).Should().Equal(files);

        // The team maps the table the chain left: a migration generated, its Up and Down emptied (the table is there since 2020).
        field.Write("Model/LegacyNote.cs", """
            namespace BlogApp.Model;

            public class LegacyNote
            {
                public int Id { get; set; }

                public string? Text { get; set; }

                public string? Writer { get; set; }
            }
            """);
        var context = Path.Combine(field.Directory, "BlogDb.cs");
        File.WriteAllText(context, File.ReadAllText(context).Replace("public DbSet<Blog> Blogs => Set<Blog>();", """
            public DbSet<Blog> Blogs => Set<Blog>();

                public DbSet<LegacyNote> LegacyNotes => Set<LegacyNote>();

                protected override void OnModelCreating(ModelBuilder builder) => builder.Entity<LegacyNote>().Property(n => n.Id).ValueGeneratedNever();
            """, StringComparison.Ordinal));
        FieldApp.ShouldSucceed(field.Build("-p:MigrationsCheckOnBuild=false"));
        FieldApp.ShouldSucceed(field.Migrate("revision", "-m", MapLegacyNotes));
        var map = field.MigrationFiles($"*_{MapLegacyNotes}.cs").Single();
        const string Made = @"migrationBuilder\.CreateTable\([\s\S]*?\n\s*\}\);|migrationBuilder\.DropTable\([\s\S]*?\);";
        var emptied = Regex.Replace(File.ReadAllText(map), Made, "// mapped only");
        emptied.Should().NotContain("migrationBuilder.").And.Contain("// mapped only");
        File.WriteAllText(map, emptied);
        FieldApp.ShouldSucceed(field.Build());
        FieldApp.ShouldSucceed(field.Migrate("upgrade"));

        // Its data steps were written for columns since renamed: the proof fails on them, naming them.
        files = Files(field);
        var dataSteps = field.Migrate("squash", MapLegacyNotes);
        dataSteps.ExitCode.Should().NotBe(0, dataSteps.ToString());
        dataSteps.Stderr.Should().Contain("raw SQL data steps").And.Contain("20200103000000_SeedLegacyNotes").And.Contain("--drop-data-steps");
        Files(field).Should().Equal(files, "a squash that fails its proof writes nothing");

        var squash = field.Migrate("squash", MapLegacyNotes, "--drop-data-steps", "--json");
        FieldApp.ShouldSucceed(squash);
        squash.Json().GetProperty("squashed").GetArrayLength().Should().Be(ShippedApp.Ids.Count + 1);
        var left = field.MigrationFiles("*.cs").Select(Path.GetFileName).Where(f => !f!.EndsWith("ModelSnapshot.cs", StringComparison.Ordinal)).ToList();
        left.Should().HaveCount(2).And.OnlyContain(f => f!.Contains("_" + MapLegacyNotes, StringComparison.Ordinal));

        FieldApp.ShouldSucceed(field.Build());
        FieldApp.ShouldSucceed(field.Migrate("check"));
        field.Migrate("upgrade", "--json").Json().GetProperty("applied").GetArrayLength().Should().Be(0, "the database at head needs nothing");
        var fresh = Fresh(app, "fresh");
        FieldApp.ShouldSucceed(field.Migrate("upgrade", "--connection", fresh));
        FieldApp.ShouldSucceed(field.Migrate("check", "--connection", fresh));

        var stuck = field.Migrate("upgrade", "--connection", inside);
        stuck.ExitCode.Should().Be(4, stuck.ToString());
        stuck.Stderr.Should().Contain("with the build from before the squash");
    }

    private static List<string> Files(FieldApp field)
        => field.MigrationFiles("*").Order(StringComparer.Ordinal).Select(f => Path.GetFileName(f) + ":" + File.ReadAllText(f).GetHashCode()).ToList();

    private string Fresh(EFCoreApp app, string name)
        => app.Postgres ? server.DatabaseConnection($"{name}_{Guid.NewGuid().ToString("N")[..10]}") : $"Data Source={name}.db";
}
