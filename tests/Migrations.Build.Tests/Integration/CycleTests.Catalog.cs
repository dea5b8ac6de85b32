using FluentAssertions;

namespace Migrations.Build.Tests.Integration;

/// <summary>
/// Schema objects EF Core's scaffolding reader doesn't report, or fails on: an expression index (on
/// SQLite the reader throws on it), a view, a check constraint. The cycle reads them from the catalog,
/// never crashes, and blames the migration whose Down leaves one behind.
/// </summary>
public abstract partial class CycleTests
{
    private const string ExpressionIndex = "migrationBuilder.Sql(\"CREATE INDEX \\\"IX_Members_LowerName\\\" ON \\\"Members\\\" (lower(\\\"Name\\\"))\");";

    /// <summary>A Down that does something (an empty one is refused as irreversible before any comparison) but undoes nothing.</summary>
    protected const string LeavesAll = "migrationBuilder.Sql(\"SELECT 1\");";

    [Fact]
    public void An_expression_index_goes_up_down_and_up_again()
        => WithMigration("20991231000000_ExpressionIndex", ExpressionIndex, "migrationBuilder.Sql(\"DROP INDEX \\\"IX_Members_LowerName\\\"\");", () =>
        {
            var run = Test(nameof(An_expression_index_goes_up_down_and_up_again), "--json");

            run.ExitCode.Should().Be(0, run.ToString());
            run.Json().GetProperty("passed").GetBoolean().Should().BeTrue();
        });

    [Fact]
    public void A_Down_that_leaves_an_expression_index_and_a_view_is_caught_at_its_migration()
        => WithMigration("20991231000000_LeavesIndexAndView",
            ExpressionIndex + "\nmigrationBuilder.Sql(\"CREATE VIEW \\\"MemberNames\\\" AS SELECT \\\"Name\\\" FROM \\\"Members\\\"\");", LeavesAll, () =>
            {
                var run = Test(nameof(A_Down_that_leaves_an_expression_index_and_a_view_is_caught_at_its_migration), "--json");

                run.ExitCode.Should().Be(1, run.ToString());
                Steps(run).Should().Contain(("20991231000000_LeavesIndexAndView", "down", false)).And.NotContain(s => s.Direction == "up" && !s.Ok);
                Problems(run).Should().Contain("index IX_Members_LowerName on Members is still there after Down")
                    .And.Contain("view MemberNames is still there after Down");
                run.Stderr.Should().Contain("error MIG503");
            });
}
