using FluentAssertions;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Migrations.Build.Engine.Drift;

namespace Migrations.Build.Tests.Unit;

/// <summary>history -v and revision tell a sequence (or a table's schema move) by what it does, nothing more.</summary>
public sealed class SequenceDescriptionTests
{
    private static readonly OperationDescriber Describer = new(null, null);

    [Fact]
    public void An_altered_sequence_lists_only_what_changed()
    {
        Describer.Describe(new AlterSequenceOperation
        {
            Name = "order_seq", Schema = "sales", IncrementBy = 10, MaxValue = 1000,
            OldSequence = new AlterSequenceOperation { Name = "order_seq", Schema = "sales", IncrementBy = 1 },
        }).Should().Be("sequence sales.order_seq: changed (increment 1 -> 10, max none -> 1000)");
        Describer.Describe(new AlterSequenceOperation { Name = "ids", IsCyclic = true, OldSequence = new AlterSequenceOperation { Name = "ids" } })
            .Should().Be("sequence ids: changed (cyclic)");
        Describer.Describe(new AlterSequenceOperation { Name = "ids", OldSequence = new AlterSequenceOperation { Name = "ids" } })
            .Should().Be("sequence ids: options changed");
    }

    [Fact]
    public void A_renamed_or_moved_sequence_says_where_it_goes()
    {
        Describer.Describe(new RenameSequenceOperation { Name = "x", Schema = "a", NewName = "y", NewSchema = "b" })
            .Should().Be("sequence a.x: renamed to y and moved to schema b");
        Describer.Describe(new RenameSequenceOperation { Name = "x", Schema = "a", NewName = "y", NewSchema = "a" })
            .Should().Be("sequence a.x: renamed to y");
    }

    [Theory]
    [InlineData("order_seq", "sales", "order_seq", null, "sequence sales.order_seq: no change (stays in schema sales: "
        + "PostgreSQL moves nothing without a new schema)")]
    [InlineData("order_seq", "sales", "ids", null, "sequence sales.order_seq: renamed to ids (stays in schema sales: "
        + "PostgreSQL moves nothing without a new schema)")]
    [InlineData("order_seq", "sales", "order_seq", "billing", "sequence sales.order_seq: moved to schema billing")]
    public void On_PostgreSQL_a_rename_without_a_new_schema_says_it_moves_nothing(string name, string schema, string newName,
        string? newSchema, string expected)
        => new OperationDescriber(null, null, postgreSql: true)
            .Describe(new RenameSequenceOperation { Name = name, Schema = schema, NewName = newName, NewSchema = newSchema }).Should().Be(expected);

    [Fact]
    public void On_PostgreSQL_a_table_renamed_without_a_new_schema_stays_in_its_schema()
        => new OperationDescriber(null, null, postgreSql: true).Describe(new RenameTableOperation { Name = "Users", Schema = "app", NewName = "Accounts" })
            .Should().Be("app.Users: table renamed to Accounts (stays in schema app: PostgreSQL moves nothing without a new schema)");
}
