using FluentAssertions;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Migrations.Build.Engine.Cycle;

namespace Migrations.Build.Tests.Unit;

/// <summary>The likely cause the cycle names, from each provider's wording of a missing or doubled object.</summary>
public class LikelyCauseTests
{
    private static readonly LikelyCause.Ran[] Before =
    [
        new("20240301_Other", Down: true, [new DropTableOperation { Name = "Loans" }]),
        new("20240201_MoveSequence", Down: true, [new RenameSequenceOperation { Name = "order_item_seq", Schema = "sales", NewName = "order_item_seq" }]),
        new("20240101_Initial", Down: false, [new SqlOperation { Sql = "CREATE TABLE \"Shelves\" (Id int)" }]),
    ];

    [Theory]
    [InlineData("42P01: sequence \"order_item_seq\" does not exist", "20240201_MoveSequence, "
        + "whose Down ran before this step and touches order_item_seq (RenameSequence)")]
    [InlineData("SQLite Error 1: 'table \"Shelves\" already exists'.", "the Down of 20240101_Initial, which doesn't undo what its Up does to Shelves (Sql)")]
    [InlineData("SQLite Error 1: 'table Shelves already exists'.", "the Down of 20240101_Initial, which doesn't undo what its Up does to Shelves (Sql)")]
    [InlineData("There is already an object named 'Shelves' in the database.",
        "the Down of 20240101_Initial, which doesn't undo what its Up does to Shelves (Sql)")]
    public void Names_the_earlier_migration_that_touched_the_object(string error, string cause)
        => LikelyCause.Find(error, "20240101_Initial", failingDown: false, Before).Should().Be("Likely cause: " + cause + ".");

    [Theory]
    [InlineData("23505: duplicate key value violates unique constraint \"PK_Shelves\"")]
    [InlineData("42P01: relation \"Nowhere\" does not exist")]
    public void Names_none_for_other_errors_or_objects_no_step_touched(string error)
        => LikelyCause.Find(error, "20240101_Initial", failingDown: false, Before).Should().BeNull();

    [Fact]
    public void A_failing_Down_is_not_blamed_on_its_own_Up()
        => LikelyCause.Find("table \"Shelves\" already exists", "20240101_Initial", failingDown: true, Before).Should().BeNull();
}
