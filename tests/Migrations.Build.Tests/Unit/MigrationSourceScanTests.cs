using FluentAssertions;
using Migrations.Build.Protocol;

namespace Migrations.Build.Tests.Unit;

/// <summary>What a merge leaves in migration sources, read as text: conflict markers (MIG015), colliding migrations (MIG016).</summary>
public sealed class MigrationSourceScanTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("scan-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_conflict_in_the_snapshot_is_named_at_its_first_marker_with_rebase_as_the_fix()
    {
        var snapshot = Write("Migrations/AppModelSnapshot.cs", """
            namespace App.Migrations
            {
                partial class AppModelSnapshot : ModelSnapshot
                {
                    b.Property<string>("Name");
            <<<<<<< HEAD
                    b.Property<string>("Phone");
            =======
                    b.Property<string>("Nickname");
            >>>>>>> nickname
                }
            }
            """);

        var finding = MigrationSourceScan.Scan([snapshot]).Should().ContainSingle().Subject;

        finding.Should().BeEquivalentTo(new { Code = "MIG015", File = snapshot, Line = 6 });
        finding.Message.Should().Contain("1 merge conflict(s)").And.Contain("dotnet migrate rebase");
    }

    [Fact]
    public void Taking_the_first_side_keeps_ours_and_drops_the_base_and_theirs()
    {
        const string text = "a\n<<<<<<< HEAD\nours\n||||||| base\nold\n=======\ntheirs\n>>>>>>> branch\nz\n";

        MigrationSourceScan.TakeFirstSide(text).Should().Be("a\nours\nz\n");
        MigrationSourceScan.TakeFirstSide("a\n=======\nb").Should().Be("a\n=======\nb", "a line of = outside a conflict is text");
    }

    [Theory]
    [InlineData("a\n<<<<<<< HEAD\nours\n=======\ntheirs\n")]
    [InlineData("<<<<<<< HEAD\n<<<<<<< HEAD\nours\n=======\ntheirs\n>>>>>>> b\n")]
    [InlineData("<<<<<<< HEAD\nours\n=======\ntheirs\n>>>>>>> b\nz\n>>>>>>> b\n")]
    public void Markers_that_dont_pair_up_have_no_first_side(string text)
        => MigrationSourceScan.TakeFirstSide(text).Should().BeNull("a conflict never closed, nested, or closed twice can't be told apart");

    [Fact]
    public void Lines_that_only_look_like_markers_are_not_conflicts()
    {
        var file = Write("Migrations/Notes.cs", "// ======= a banner\nvar s = \"<<<<<<<<\";\n// >>>>>>>>>> arrows\nvar raw = \"\"\"\n=======\n"
            + ">>>>>>> not a conflict\n\"\"\";\n");

        MigrationSourceScan.Scan([file]).Should().BeEmpty();
    }

    [Fact]
    public void Two_migrations_of_one_name_in_one_namespace_collide_and_the_later_is_named()
    {
        var first = Designer("Migrations/20260101000000_AddPhone.Designer.cs", "App.Migrations", "AppDb", "20260101000000_AddPhone", "AddPhone");
        var later = Designer("Migrations/20260105000000_AddPhone.Designer.cs", "App.Migrations", "AppDb", "20260105000000_AddPhone", "AddPhone");

        var finding = MigrationSourceScan.Scan([first, later]).Should().ContainSingle().Subject;

        finding.Code.Should().Be("MIG016");
        finding.File.Should().Be(later);
        finding.Message.Should().Contain("Two migrations are named AddPhone (20260101000000_AddPhone and 20260105000000_AddPhone)");
    }

    [Fact]
    public void A_copied_migration_shares_its_id_and_each_contexts_InitialCreate_is_fine()
    {
        var original = Designer("Migrations/20260101000000_Init.Designer.cs", "App.Migrations", "AppDb", "20260101000000_Init", "Init");
        var copy = Designer("Old/20260101000000_Init.Designer.cs", "App.Old", "AppDb", "20260101000000_Init", "Init");
        var orders = Designer("Orders/20260101000000_InitialCreate.Designer.cs", "App.Orders", "OrdersDb", "20260101000000_InitialCreate", "InitialCreate");
        var billing = Designer("Billing/20260101000000_InitialCreate.Designer.cs", "App.Billing", "BillingDb", "20260101000000_InitialCreate", "InitialCreate");

        var findings = MigrationSourceScan.Scan([original, copy, orders, billing]);

        findings.Should().ContainSingle().Which.Message.Should().Contain("Two migrations have the id 20260101000000_Init");
    }

    private string Designer(string path, string ns, string context, string id, string name) => Write(path, $$"""
        using Microsoft.EntityFrameworkCore.Infrastructure;

        namespace {{ns}}
        {
            [DbContext(typeof({{context}}))]
            [Migration("{{id}}")]
            partial class {{name}}
            {
            }
        }
        """);

    private string Write(string relative, string text)
    {
        var path = Path.Combine(_dir, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }
}
