using FluentAssertions;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Migrations.Build.Engine.Integrity;

namespace Migrations.Build.Tests.Unit.Safety;

public sealed class FingerprintTests
{
    private static MigrationOperation[] Up(string column = "Email", int? maxLength = 100, bool concurrently = false)
    {
        var index = new CreateIndexOperation { Name = "IX", Table = "Customers", Columns = [column] };
        if (concurrently)
        {
            index.AddAnnotation("Npgsql:CreatedConcurrently", true);
        }

        return
        [
            new AddColumnOperation { Table = "Customers", Name = column, ClrType = typeof(string), MaxLength = maxLength, IsNullable = true },
            index,
            new InsertDataOperation { Table = "Customers", Columns = ["Id", "Email"], Values = new object[,] { { 1, "a@b.c" } } },
        ];
    }

    [Fact]
    public void The_same_operations_give_the_same_hash()
        => OperationFingerprint.Compute(Up(), []).Should().Be(OperationFingerprint.Compute(Up(), [])).And.StartWith("sha256:");

    [Fact]
    public void Any_change_to_what_runs_changes_the_hash()
    {
        var original = OperationFingerprint.Compute(Up(), []);

        OperationFingerprint.Compute(Up(column: "Mail"), []).Should().NotBe(original);
        OperationFingerprint.Compute(Up(maxLength: 50), []).Should().NotBe(original);
        OperationFingerprint.Compute(Up(concurrently: true), []).Should().NotBe(original, "annotations are part of what runs");
        OperationFingerprint.Compute(Up(), [new DropColumnOperation { Table = "Customers", Name = "Email" }]).Should().NotBe(original, "Down counts too");
    }
}
