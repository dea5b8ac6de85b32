using FluentAssertions;

namespace Migrations.Build.Tests.Integration;

/// <summary>
/// What the cycle doesn't compare (a function) can still make a later step fail; that step then names
/// the migration that left it. A schema a scaffolded Down leaves (EF Core never drops one) is a note.
/// </summary>
public sealed partial class PostgresCycleTests
{
    [Fact]
    public void A_step_failing_on_what_a_Down_left_names_that_migration_as_the_likely_cause()
        => WithMigration("20991231000000_AddFunction",
            "migrationBuilder.Sql(\"CREATE FUNCTION member_count() RETURNS bigint AS 'SELECT count(*) FROM \\\"Members\\\"' LANGUAGE sql\");", LeavesAll, () =>
            {
                var run = Test(nameof(A_step_failing_on_what_a_Down_left_names_that_migration_as_the_likely_cause), "--json");

                run.ExitCode.Should().Be(1, run.ToString());
                Steps(run).Last().Should().Be(("20991231000000_AddFunction", "up-again", false));
                Problems(run).Should().Contain("function \"member_count\" already exists")
                    .And.Contain("Likely cause: the Down of 20991231000000_AddFunction, which doesn't undo what its Up does to member_count (Sql).");
                run.All.Should().NotContain("server is running");
            });

    [Fact]
    public void A_schema_a_scaffolded_Down_leaves_is_a_note()
    {
        const string table = "migrationBuilder.CreateTable(name: \"OldMembers\", schema: \"archive\", "
            + "columns: table => new { Id = table.Column<int>(type: \"integer\", nullable: false) }, constraints: "
            + "table => { table.PrimaryKey(\"PK_OldMembers\", x => x.Id); });";
        const string drop = "migrationBuilder.DropTable(name: \"OldMembers\", schema: \"archive\");";
        WithMigrations([("20991231000001_AddArchive", "migrationBuilder.EnsureSchema(name: \"archive\");\n" + table, drop),
            ("20991231000002_DropArchive", drop, table)], () =>
        {
            var run = Test(nameof(A_schema_a_scaffolded_Down_leaves_is_a_note), "--json");

            run.ExitCode.Should().Be(0, run.ToString());
            run.Json().GetProperty("steps").EnumerateArray()
                .Single(s => s.GetProperty("migration").GetString() == "20991231000001_AddArchive" && s.GetProperty("direction").GetString() == "down")
                .GetProperty("note").GetString().Should().Be(
                    "schema archive is still there after Down. By design: EF Core's Down never drops a schema its Up ensured (EnsureSchema), "
                        + "as other tables may be in it.");
        });
    }
}
