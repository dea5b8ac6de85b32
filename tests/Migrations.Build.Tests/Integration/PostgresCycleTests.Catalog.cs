using FluentAssertions;

namespace Migrations.Build.Tests.Integration;

/// <summary>What only PostgreSQL has of the catalog objects the cycle reads: sequences in schemas, check constraints added alone.</summary>
public sealed partial class PostgresCycleTests
{
    [Fact]
    public void A_Down_that_leaves_a_sequence_in_the_schema_its_Up_moved_it_to_is_blamed()
        => WithMigration("20991231000000_AddSequence", "migrationBuilder.CreateSequence(name: \"order_item_seq\");",
            "migrationBuilder.DropSequence(name: \"order_item_seq\");",
            () => WithMigration("20991231000001_MoveSequence",
                "migrationBuilder.EnsureSchema(name: \"sales\");\nmigrationBuilder.RenameSequence(name: \"order_item_seq\", newName: \"order_item_seq\", "
                    + "newSchema: \"sales\");",
                "migrationBuilder.RenameSequence(name: \"order_item_seq\", schema: \"sales\", newName: \"order_item_seq\");", () =>
                {
                    var run = Test(nameof(A_Down_that_leaves_a_sequence_in_the_schema_its_Up_moved_it_to_is_blamed), "--json");

                    run.ExitCode.Should().Be(1, run.ToString());
                    Steps(run).Should().Contain(("20991231000001_MoveSequence", "down", false), run.ToString());
                    Problems(run).Should().Contain("sequence order_item_seq is missing after Down")
                        .And.Contain("sequence sales.order_item_seq is still there after Down");
                    run.All.Should().NotContain("server is running");
                }));

    [Fact]
    public void A_Down_that_leaves_a_check_constraint_is_caught_at_its_migration()
        => WithMigration("20991231000000_LeavesCheck",
            "migrationBuilder.AddCheckConstraint(name: \"CK_Members_Name\", table: \"Members\", sql: \"length(\\\"Name\\\") > 0\");", LeavesAll, () =>
            {
                var run = Test(nameof(A_Down_that_leaves_a_check_constraint_is_caught_at_its_migration), "--json");

                run.ExitCode.Should().Be(1, run.ToString());
                Steps(run).Should().Contain(("20991231000000_LeavesCheck", "down", false), run.ToString());
                Problems(run).Should().Contain("check constraint CK_Members_Name on Members is still there after Down");
            });
}
