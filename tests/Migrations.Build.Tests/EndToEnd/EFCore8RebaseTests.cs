using FluentAssertions;
using Migrations.Build.Tests.Infrastructure;

namespace Migrations.Build.Tests.EndToEnd;

/// <summary>
/// Rebase on the oldest EF Core major we support, whose code generator is EF Core 8's: in a git
/// repository, one branch adds a migration and another adds two, to the same entity, so the merged
/// snapshot is left in conflict. -t:MigrationsRebase moves the branch of two, each Designer merged
/// from EF Core 8's code, and the gate, check and the up/down cycle then pass.
/// </summary>
[Collection(EFCoreVersionsCollection.Name)]
public sealed class EFCore8RebaseTests(PackedPackages packages)
{
    private const string Id = "public int Id { get; set; }";

    [Fact]
    public void On_EF_Core_8_a_branch_of_two_migrations_is_rebased_by_the_build_and_the_gate_then_passes()
    {
        var app = new EFCoreApp("net8.0", "8.0.34", "sqlite", "8.0.34");
        Runtimes.RequireFor(app.Framework);
        using var field = new FieldApp(packages, app, "Data Source=blog.db");
        field.Write(".gitignore", "bin/\nobj/\n*.db\n");
        Revision(field, "initial");
        Git(field, "init", "-q", "-b", "main");
        Commit(field, "initial");
        Git(field, "checkout", "-q", "-b", "body");
        field.AddBody();
        Revision(field, "add body");
        Commit(field, "body");
        Git(field, "checkout", "-q", "main");
        Git(field, "checkout", "-q", "-b", "extras");
        EditBlog(field, Id, Id + "\n\n    public string? Subtitle { get; set; }");
        Revision(field, "add subtitle");
        EditBlog(field, Id, Id + "\n\n    public string? Summary { get; set; }");
        Revision(field, "add summary");
        Commit(field, "extras");
        Git(field, "checkout", "-q", "main");
        Git(field, "merge", "-q", "body");
        ProcessResult.Run("git", ["merge", "-q", "--no-edit", "extras"], field.Directory, field.Environment); // the snapshot conflicts
        File.ReadAllText(Path.Combine(field.Directory, "Model", "Blog.cs")).Should().Contain("Body").And.Contain("Summary").And.NotContain("<<<<<<<");

        var rebase = field.Build("-t:MigrationsRebase");

        FieldApp.ShouldSucceed(rebase);
        rebase.Stdout.Should().Contain("BlogDbModelSnapshot.cs has merge conflicts: took its first side")
            .And.MatchRegex(@"moved \d+_AddSubtitle -> \d+_AddSubtitle, \d+_AddSummary -> ");
        var moved = field.MigrationFiles("*.Designer.cs").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        moved.Should().HaveCount(4);
        moved[^2].Should().EndWith("_AddSubtitle.Designer.cs");
        moved[^1].Should().EndWith("_AddSummary.Designer.cs");
        string.CompareOrdinal(moved[^2], field.MigrationFiles("*_AddBody.Designer.cs").Select(Path.GetFileName).Single()).Should().BePositive();
        File.ReadAllText(field.MigrationFiles("*_AddSubtitle.Designer.cs").Single()).Should().Contain("\"Body\"").And.Contain("\"Subtitle\"")
            .And.NotContain("\"Summary\"", "its model is the other branch's plus its own change");
        FieldApp.ShouldSucceed(field.Build());
        FieldApp.ShouldSucceed(field.Migrate("upgrade"));
        FieldApp.ShouldSucceed(field.Migrate("check"));
        FieldApp.ShouldSucceed(field.Migrate("test", "--connection", "Data Source=cycle.db"));
    }

    /// <summary>Builds (the gate fails on the model change, after compiling) and adds a migration for it.</summary>
    private static void Revision(FieldApp field, string message)
    {
        field.Build();
        FieldApp.ShouldSucceed(field.Migrate("revision", "-m", message));
    }

    private static void EditBlog(FieldApp field, string find, string replace)
    {
        var path = Path.Combine(field.Directory, "Model", "Blog.cs");
        File.WriteAllText(path, File.ReadAllText(path).Replace(find, replace, StringComparison.Ordinal));
    }

    private static void Commit(FieldApp field, string message)
    {
        Git(field, "add", "-A");
        Git(field, "-c", "user.name=Test", "-c", "user.email=test@example.com", "commit", "-q", "-m", message);
    }

    private static void Git(FieldApp field, params string[] args)
    {
        var run = ProcessResult.Run("git", args, field.Directory, field.Environment);
        run.ExitCode.Should().Be(0, "git {0}: {1}", string.Join(' ', args), run);
    }
}
