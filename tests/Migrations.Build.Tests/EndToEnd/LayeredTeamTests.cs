using FluentAssertions;
using Migrations.Build.Tests.Infrastructure;

namespace Migrations.Build.Tests.EndToEnd;

/// <summary>
/// A team's life on the layered app (entities, the context in a library, migrations in a project of
/// their own, the package on the web host): two branches each add a migration, the merge leaves the
/// snapshot in DataMigrations in conflict; -t:MigrationsRebase on the web host fixes it there, and
/// squash rewrites the migrations project's history, through the packed package.
/// </summary>
[Collection(PackedPackagesCollection.Name)]
public sealed class LayeredTeamTests(PackedPackages packages)
{
    [Fact]
    public void Rebase_and_squash_work_on_the_migrations_project_from_the_web_host()
    {
        using var app = new LayeredApp(packages, packageOn: "WebHost", migrationsProject: true);
        FieldApp.ShouldSucceed(app.Build("WebHost", "-p:MigrationsCheckOnBuild=false"));
        FieldApp.ShouldSucceed(app.Build("WebHost", "-t:MigrationsGenerate", "-p:MigrationName=Initial"));
        var git = new GitRepo(app.Root);
        git.Init();

        // One branch adds Blog.Body in Entities, the other a shadow Author in the library's context:
        // both land between Id and Title in the snapshot, so the merge leaves it in conflict.
        git.OnNewBranch("body");
        app.AddBody();
        FieldApp.ShouldSucceed(app.Build("WebHost", "-t:MigrationsGenerate", "-p:MigrationName=AddBody"));
        git.Commit("body");
        git.OnNewBranch("author");
        app.Edit("DataLib/BlogDb.cs", "builder.Entity<Blog>().Property(b => b.Title).HasMaxLength(200);",
            "builder.Entity<Blog>(b => { b.Property(x => x.Title).HasMaxLength(200); b.Property<string>(\"Author\"); });");
        FieldApp.ShouldSucceed(app.Build("WebHost", "-t:MigrationsGenerate", "-p:MigrationName=AddAuthor"));
        git.Commit("author");
        git.Checkout("main");
        git.TryMerge("body").Should().BeTrue();
        git.TryMerge("author").Should().BeFalse("both branches wrote between the same lines of the snapshot");
        var snapshot = Path.Combine(app.Root, "DataMigrations", "Migrations", "BlogDbModelSnapshot.cs");
        File.ReadAllText(snapshot).Should().Contain("<<<<<<<");
        app.Build("WebHost").ExitCode.Should().NotBe(0, "the snapshot can't be compiled");
        var check = ProcessResult.Run(packages.Tool, ["check"], Path.Combine(app.Root, "WebHost"), app.Environment);
        check.ExitCode.Should().Be(1, check.ToString());
        check.Stderr.Should().MatchRegex(@"DataMigrations/Migrations/BlogDbModelSnapshot\.cs\(\d+\): error MIG015");

        var dryRun = app.Build("WebHost", "-t:MigrationsRebase", "-p:MigrationsDryRun=true");
        FieldApp.ShouldSucceed(dryRun);
        dryRun.Stdout.Should().Contain("BlogDbModelSnapshot.cs has merge conflicts: would take its first side");
        File.ReadAllText(snapshot).Should().Contain("<<<<<<<", "a dry run puts the conflicted snapshot back");

        var rebase = app.Build("WebHost", "-t:MigrationsRebase");
        FieldApp.ShouldSucceed(rebase);
        rebase.Stdout.Should().Contain("BlogDbModelSnapshot.cs has merge conflicts: took its first side");
        File.ReadAllText(snapshot).Should().NotContain("<<<<<<<").And.Contain("\"Author\"").And.Contain("\"Body\"");
        app.MigrationFiles("WebHost", "*.cs").Should().BeEmpty("the rebase writes where the migrations are");
        var addBody = Path.GetFileNameWithoutExtension(app.MigrationFiles("DataMigrations", "*_AddBody.cs").Single());
        var addAuthor = Path.GetFileNameWithoutExtension(app.MigrationFiles("DataMigrations", "*_AddAuthor.cs").Single());
        string.CompareOrdinal(addAuthor, addBody).Should().BePositive();
        File.ReadAllText(Path.Combine(app.Root, "DataMigrations", "Migrations", addAuthor + ".Designer.cs")).Should().Contain("\"Body\"",
            "the moved migration's model holds the other branch's column");
        git.Changed().Should().OnlyContain(p => p.StartsWith("DataMigrations/Migrations/", StringComparison.Ordinal), "nothing else is written");

        FieldApp.ShouldSucceed(app.Build("WebHost"));
        FieldApp.ShouldSucceed(app.Migrate("WebHost", "check"));
        FieldApp.ShouldSucceed(app.Migrate("WebHost", "test"));
        FieldApp.ShouldSucceed(app.Build("WebHost", "-t:MigrateUp"));
        var database = Path.Combine(app.Root, "app.db");
        Columns(database).Should().Equal("Author", "Body", "Id", "Title");
        git.Commit("merged and rebased");

        // Squashed up to AddBody: the database at head needs nothing, a fresh one reaches the same schema.
        var squash = app.Migrate("WebHost", "squash", "AddBody");
        FieldApp.ShouldSucceed(squash);
        app.MigrationFiles("DataMigrations", "*.Designer.cs").Select(Path.GetFileName).Should()
            .BeEquivalentTo([addBody + ".Designer.cs", addAuthor + ".Designer.cs"], "Initial is squashed into AddBody, under AddBody's id");
        git.Changed().Should().OnlyContain(p => p.StartsWith("DataMigrations/Migrations/", StringComparison.Ordinal));
        FieldApp.ShouldSucceed(app.Build("WebHost"));
        FieldApp.ShouldSucceed(app.Migrate("WebHost", "check"));
        app.Migrate("WebHost", "upgrade", "--json").Json().GetProperty("applied").GetArrayLength().Should().Be(0);
        app.Environment["FIELD_CONNECTION"] = $"Data Source={Path.Combine(app.Root, "fresh.db")}";
        FieldApp.ShouldSucceed(app.Build("WebHost", "-t:MigrateUp"));
        Columns(Path.Combine(app.Root, "fresh.db")).Should().Equal(Columns(database));
        SqliteFile.AppliedMigrations(Path.Combine(app.Root, "fresh.db")).Should().Equal(addBody, addAuthor);
    }

    private static List<string> Columns(string database) => SqliteFile.Strings(database, "SELECT name FROM pragma_table_info('Blogs') ORDER BY name");
}
