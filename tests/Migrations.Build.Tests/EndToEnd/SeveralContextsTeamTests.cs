using FluentAssertions;
using Migrations.Build.Tests.Infrastructure;

namespace Migrations.Build.Tests.EndToEnd;

/// <summary>
/// A team's life in a project with two DbContexts: two branches each add an AuditDb migration (one
/// also a BlogDb one), the merge leaves AuditDb's snapshot in conflict. Rebase and squash work on the
/// context named and leave the other's migrations as they were, through the packed package.
/// </summary>
[Collection(PackedPackagesCollection.Name)]
public sealed class SeveralContextsTeamTests(PackedPackages packages, PostgresServer server)
{
    [Theory]
    [MemberData(nameof(EFCoreApp.Providers), "postgres", MemberType = typeof(EFCoreApp))]
    public void Rebase_and_squash_change_only_the_context_named(string provider)
    {
        var (app, connection) = EFCoreApp.OnEFCore10(provider, server, "teamcontexts");
        using var field = new FieldApp(packages, app, connection);
        field.AddAuditContext();
        FieldApp.ShouldSucceed(field.Build("-p:MigrationsCheckOnBuild=false"));
        Generate(field, "InitialBlog", "BlogDb");
        Generate(field, "InitialAudit", "AuditDb");
        var git = new GitRepo(field.Directory);
        git.Init();

        git.OnNewBranch("actor");
        EditEntry(field, "public string Action { get; set; } = \"\";", "\n\n    public string? Actor { get; set; }");
        Generate(field, "AddActor", "AuditDb");
        git.Commit("actor");
        git.OnNewBranch("at");
        EditEntry(field, "public int Id { get; set; }", "\n\n    public DateTime? At { get; set; }");
        Generate(field, "AddAt", "AuditDb");
        field.AddBody();
        Generate(field, "AddBody", "BlogDb");
        git.Commit("at");
        git.Checkout("main");
        git.TryMerge("actor").Should().BeTrue();
        git.TryMerge("at").Should().BeFalse("Actor and At go to the same place in AuditDb's snapshot");
        var auditSnapshot = Path.Combine(field.Directory, "Migrations", "AuditDbMigrations", "AuditDbModelSnapshot.cs");
        var conflicted = File.ReadAllText(auditSnapshot);
        conflicted.Should().Contain("<<<<<<<");
        var blogFiles = BlogDbFiles(field);

        // Which context to rebase is asked, with the conflicted snapshot left as it was.
        var unnamed = Rebase(field);
        unnamed.ExitCode.Should().Be(2, unnamed.ToString());
        unnamed.Stderr.Should().Contain("2 DbContexts: AuditDb, BlogDb").And.Contain("--context AuditDb");
        File.ReadAllText(auditSnapshot).Should().Be(conflicted);

        var rebase = Rebase(field, "--context", "AuditDb");
        FieldApp.ShouldSucceed(rebase);
        rebase.All.Should().Contain("AuditDbModelSnapshot.cs has merge conflicts: took its first side").And.MatchRegex(@"Moved \d+_AddAt -> \d+_AddAt");
        File.ReadAllText(auditSnapshot).Should().NotContain("<<<<<<<").And.Contain("\"Actor\"").And.Contain("\"At\"");
        git.Changed().Should().OnlyContain(p => p.StartsWith("Migrations/AuditDbMigrations/", StringComparison.Ordinal));
        BlogDbFiles(field).Should().Equal(blogFiles, "BlogDb's migrations are not AuditDb's to move");

        FieldApp.ShouldSucceed(field.Build());
        FieldApp.ShouldSucceed(field.Migrate("test", "--context", "AuditDb", "--connection", Fresh(app, "cycle")));
        FieldApp.ShouldSucceed(field.Build("-t:MigrateUp"));
        Columns(app, connection, field).Should().Equal("Action", "Actor", "At", "Id");
        git.Commit("merged and rebased");

        // AuditDb's first two migrations squashed by the target: BlogDb's untouched, the database at head needs nothing.
        var squashUnnamed = field.Migrate("squash", "AddActor");
        squashUnnamed.ExitCode.Should().Be(2, squashUnnamed.ToString());
        squashUnnamed.Stderr.Should().Contain("2 DbContexts: AuditDb, BlogDb");
        git.Changed().Should().BeEmpty();
        var squash = field.Build("-t:MigrationsSquash", "-p:MigrationsTarget=AddActor", "-p:MigrationsContext=AuditDb");
        FieldApp.ShouldSucceed(squash);
        Directory.GetFiles(Path.Combine(field.Directory, "Migrations", "AuditDbMigrations"), "*.Designer.cs").Should().HaveCount(2);
        git.Changed().Should().OnlyContain(p => p.StartsWith("Migrations/AuditDbMigrations/", StringComparison.Ordinal));
        BlogDbFiles(field).Should().Equal(blogFiles);
        FieldApp.ShouldSucceed(field.Build());
        FieldApp.ShouldSucceed(field.Migrate("check", "--context", "AuditDb"));
        FieldApp.ShouldSucceed(field.Migrate("check", "--context", "BlogDb"));

        var fresh = Fresh(app, "fresh");
        field.Environment["FIELD_CONNECTION"] = fresh;
        FieldApp.ShouldSucceed(field.Build("-t:MigrateUp"));
        Columns(app, fresh, field).Should().Equal("Action", "Actor", "At", "Id");
    }

    private static void Generate(FieldApp field, string name, string context)
        => FieldApp.ShouldSucceed(field.Build("-t:MigrationsGenerate", $"-p:MigrationName={name}", $"-p:MigrationsContext={context}"));

    private static void EditEntry(FieldApp field, string after, string added)
    {
        var path = Path.Combine(field.Directory, "Model", "AuditEntry.cs");
        var text = File.ReadAllText(path);
        text.Should().Contain(after);
        File.WriteAllText(path, text.Replace(after, after + added, StringComparison.Ordinal));
    }

    /// <summary>The tool's rebase, building the app first (a conflicted snapshot is taken for the build).</summary>
    private ProcessResult Rebase(FieldApp field, params string[] args)
        => ProcessResult.Run(packages.Tool, ["rebase", .. args], field.Directory, field.Environment);

    private static List<string> BlogDbFiles(FieldApp field)
        => Directory.GetFiles(Path.Combine(field.Directory, "Migrations"), "*.cs").Order(StringComparer.Ordinal)
            .Select(f => Path.GetFileName(f) + ":" + File.ReadAllText(f).GetHashCode()).ToList();

    private string Fresh(EFCoreApp app, string name)
        => app.Postgres ? server.DatabaseConnection($"{name}_{Guid.NewGuid().ToString("N")[..10]}") : $"Data Source={name}.db";

    private List<string> Columns(EFCoreApp app, string connection, FieldApp field)
        => (app.Postgres
            ? server.Strings(connection, "SELECT column_name FROM information_schema.columns WHERE table_name = 'Entries'")
            : SqliteFile.Strings(Path.Combine(field.Directory, connection["Data Source=".Length..]), "SELECT name FROM pragma_table_info('Entries')"))
            .Order(StringComparer.Ordinal).ToList();
}
