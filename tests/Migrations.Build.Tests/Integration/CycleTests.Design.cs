using FluentAssertions;

namespace Migrations.Build.Tests.Integration;

/// <summary>
/// Differences EF Core's scaffolding makes by design are notes, not failures: a Down that re-adds a
/// required column with <c>defaultValue: 0</c>, as <c>dotnet ef migrations add</c> writes it. Any
/// other default is still a failure.
/// </summary>
public abstract partial class CycleTests
{
    private const string AddShelves = "20991231000001_AddShelves";
    private const string DropCapacity = "20991231000002_DropCapacity";

    /// <summary>Shelves(Id, Capacity) made, its required Capacity dropped, the table dropped: the model, at head, is the sample's again.</summary>
    private (string Id, string Up, string Down)[] Shelves(string capacityDefault) =>
    [
        (AddShelves, ShelvesTable(withCapacity: true), "migrationBuilder.DropTable(name: \"Shelves\");"),
        // Raw SQL up: SQLite rebuilds a table for a typed DropColumn, which needs the migration's designer model.
        (DropCapacity, "migrationBuilder.Sql(\"ALTER TABLE \\\"Shelves\\\" DROP COLUMN \\\"Capacity\\\"\");",
            $"migrationBuilder.AddColumn<int>(name: \"Capacity\", table: \"Shelves\", type: \"{IntegerType}\", nullable: false, "
                + $"defaultValue: {capacityDefault});"),
        ("20991231000003_DropShelves", "migrationBuilder.DropTable(name: \"Shelves\");", ShelvesTable(withCapacity: false)),
    ];

    private string ShelvesTable(bool withCapacity)
        => "migrationBuilder.CreateTable(name: \"Shelves\", columns: table => new { "
            + $"Id = table.Column<int>(type: \"{IntegerType}\", nullable: false)"
            + (withCapacity ? $", Capacity = table.Column<int>(type: \"{IntegerType}\", nullable: false)" : string.Empty)
            + " }, constraints: table => { table.PrimaryKey(\"PK_Shelves\", x => x.Id); });";

    [Fact]
    public void A_scaffolded_Down_that_re_adds_a_required_column_with_its_default_is_a_note()
        => WithMigrations(Shelves("0"), () =>
        {
            var run = Test(nameof(A_scaffolded_Down_that_re_adds_a_required_column_with_its_default_is_a_note), "--json");

            run.ExitCode.Should().Be(0, run.ToString());
            var down = run.Json().GetProperty("steps").EnumerateArray()
                .Single(s => s.GetProperty("migration").GetString() == DropCapacity && s.GetProperty("direction").GetString() == "down");
            down.GetProperty("ok").GetBoolean().Should().BeTrue();
            down.GetProperty("note").GetString().Should().Be(
                "Shelves.Capacity default: was none, is 0 after Down. By design: EF Core scaffolds defaultValue: 0 when a Down re-adds a required column, "
                    + "so that existing rows get a value.");
            Steps(run).Should().OnlyContain(s => s.Ok, "the default stays through the Down and Up again of the migration before it, noted once");
        });

    [Fact]
    public void A_Down_that_re_adds_a_required_column_with_another_default_still_fails()
        => WithMigrations(Shelves("5"), () =>
        {
            var run = Test(nameof(A_Down_that_re_adds_a_required_column_with_another_default_still_fails), "--json");

            run.ExitCode.Should().Be(1, run.ToString());
            Steps(run).Should().Contain((DropCapacity, "down", false));
            Problems(run).Should().Contain($"{DropCapacity}: Down doesn't undo its Up: Shelves.Capacity default: was none, is 5 after Down");
        });

    /// <summary>The sample with several more migrations, written by hand, built once, for the length of <paramref name="check"/>.</summary>
    protected void WithMigrations((string Id, string Up, string Down)[] migrations, Action check)
    {
        foreach (var (id, up, down) in migrations)
        {
            Copy.WriteMigration(id, up, down);
        }

        try
        {
            Copy.Build();
            check();
        }
        finally
        {
            foreach (var (id, _, _) in migrations)
            {
                File.Delete(Path.Combine(Copy.Directory, "Migrations", id + ".cs"));
            }

            Copy.Build();
        }
    }
}
