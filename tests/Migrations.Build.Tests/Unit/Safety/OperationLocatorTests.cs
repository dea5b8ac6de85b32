using FluentAssertions;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Migrations.Build.Engine.Sources;

namespace Migrations.Build.Tests.Unit.Safety;

public sealed class OperationLocatorTests : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"locator-{Guid.NewGuid():N}.cs");

    public void Dispose() => File.Delete(_file);

    [Fact]
    public void Each_operation_is_placed_at_its_own_call_in_Up_generic_or_not_and_never_in_comments_or_Down()
    {
        File.WriteAllLines(_file,
        [
            "public partial class Change : Migration",                              // 1
            "{",                                                                     // 2
            "    protected override void Up(MigrationBuilder migrationBuilder)",    // 3
            "    {",                                                                 // 4
            "        // migrationBuilder.DropColumn(name: \"Old\", table: \"T\");",   // 5
            "        migrationBuilder.AddColumn<string>(",                           // 6
            "            name: \"Code\", table: \"T\", nullable: false);",           // 7
            "        migrationBuilder.DropColumn(name: \"Old\", table: \"T\");",     // 8
            "    }",                                                                 // 9
            "    protected override void Down(MigrationBuilder migrationBuilder)",  // 10
            "    {",                                                                 // 11
            "        migrationBuilder.DropColumn(name: \"Code\", table: \"T\");",    // 12
            "    }",                                                                 // 13
            "}",
        ]);
        var add = new AddColumnOperation { Table = "T", Name = "Code", ClrType = typeof(string) };
        var drop = new DropColumnOperation { Table = "T", Name = "Old" };
        var missing = new DropColumnOperation { Table = "T", Name = "Ghost" };

        var locator = new OperationLocator(new SourceLocation(_file, 1), [add, drop, missing]);

        locator.Locate(add)!.Line.Should().Be(6);
        locator.Locate(drop)!.Line.Should().Be(8);
        locator.Locate(missing)!.Line.Should().Be(3, "an operation without its own call is placed at Up, not in Down");
        locator.Locate(add)!.Column.Should().Be(9);
    }
}
