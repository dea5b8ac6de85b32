using FluentAssertions;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Migrations.Build.Engine.Safety;
using Migrations.Build.Engine.Safety.Rules;
using Migrations.Build.Protocol;
using static Migrations.Build.Tests.Unit.Safety.Providers;

namespace Migrations.Build.Tests.Unit.Safety;

/// <summary>
/// The type suggestions (MIG601-MIG605): each fires on its type where the provider has the problem,
/// at severity suggestion, and stays silent on the better type and on the providers without it.
/// </summary>
public sealed class SuggestionRuleTests
{
    public static TheoryData<string, string, string> Cases => new()
    {
        // rule, case name ("provider: what"), expected: "fires" or "silent"
        { VarcharLengthRule.Code, "PostgreSQL: add character varying(200)", "fires" },
        { VarcharLengthRule.Code, "PostgreSQL: create table with varchar(50)", "fires" },
        { VarcharLengthRule.Code, "PostgreSQL: string with MaxLength and no type", "fires" },
        { VarcharLengthRule.Code, "PostgreSQL: alter text to character varying(100)", "fires" },
        { VarcharLengthRule.Code, "PostgreSQL: alter varchar(100) to varchar(200)", "silent" },
        { VarcharLengthRule.Code, "PostgreSQL: add text", "silent" },
        { VarcharLengthRule.Code, "SQL Server: add nvarchar(200)", "silent" },
        { VarcharLengthRule.Code, "SQLite: add TEXT with MaxLength", "silent" },
        { FixedCharRule.Code, "PostgreSQL: add character(10)", "fires" },
        { FixedCharRule.Code, "SQL Server: add nchar(10)", "fires" },
        { FixedCharRule.Code, "SQL Server: fixed-length string of 3 with no type", "fires" },
        { FixedCharRule.Code, "PostgreSQL: add character(1)", "silent" },
        { FixedCharRule.Code, "SQL Server: add nchar(1)", "silent" },
        { FixedCharRule.Code, "SQL Server: add nvarchar(10)", "silent" },
        { FixedCharRule.Code, "SQLite: add char(10)", "silent" },
        { TimestampWithoutTimeZoneRule.Code, "PostgreSQL: add timestamp without time zone", "fires" },
        { TimestampWithoutTimeZoneRule.Code, "PostgreSQL: create table with timestamp(3) without time zone", "fires" },
        { TimestampWithoutTimeZoneRule.Code, "PostgreSQL: alter timestamptz to timestamp", "fires" },
        { TimestampWithoutTimeZoneRule.Code, "PostgreSQL: add timestamp with time zone", "silent" },
        { TimestampWithoutTimeZoneRule.Code, "PostgreSQL: DateTime with no type", "silent" },
        { TimestampWithoutTimeZoneRule.Code, "SQL Server: add datetime2", "silent" },
        { IntegerKeyRule.Code, "PostgreSQL: create table with integer key", "fires" },
        { IntegerKeyRule.Code, "SQL Server: create table with int key", "fires" },
        { IntegerKeyRule.Code, "PostgreSQL: added column made the primary key", "fires" },
        { IntegerKeyRule.Code, "PostgreSQL: create table with bigint key", "silent" },
        { IntegerKeyRule.Code, "PostgreSQL: integer column that is no key", "silent" },
        { IntegerKeyRule.Code, "SQLite: create table with INTEGER key", "silent" },
        { JsonNotJsonbRule.Code, "PostgreSQL: add json", "fires" },
        { JsonNotJsonbRule.Code, "PostgreSQL: alter jsonb to json", "fires" },
        { JsonNotJsonbRule.Code, "PostgreSQL: add jsonb", "silent" },
        { JsonNotJsonbRule.Code, "SQL Server: add json", "silent" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Suggestion_fires_only_where_it_should(string rule, string name, string expected)
    {
        var scope = new MigrationScope("20240101000000_Test", "Test", Provider(name),
            Case(name[(name.IndexOf(": ", StringComparison.Ordinal) + 2)..]), [], null);
        var only = SafetyRules.All.Single(r => r.Id == rule);

        var hits = scope.Analyzed.SelectMany(op => only.Check(op, scope)).ToList();

        only.DefaultSeverity.Should().Be(LogLevels.Suggestion);
        if (expected == "fires")
        {
            hits.Should().ContainSingle($"{rule} should fire once on: {name}").Which.Column.Should().NotBeNull();
        }
        else
        {
            hits.Should().BeEmpty($"{rule} should stay silent on: {name}");
        }
    }

    [Fact]
    public void A_suggestion_names_the_column_and_its_type_and_says_what_to_use_in_EF_Core_terms()
    {
        var scope = new MigrationScope("1", "X", Postgres, Case("add timestamp without time zone"), [], null);
        var rule = SafetyRules.All.Single(r => r.Id == TimestampWithoutTimeZoneRule.Code);

        var hit = rule.Check(scope.Up[0], scope).Single();

        hit.Message.Should().StartWith("Column Orders.Value is timestamp without time zone: ");
        rule.SafeAlternative.Should().Contain(".HasColumnType(\"timestamptz\")");
    }

    private static string Provider(string name) => name.Split(':')[0] switch
    {
        "PostgreSQL" => Postgres,
        "SQL Server" => SqlServer,
        "SQLite" => Sqlite,
        var other => throw new ArgumentException($"No provider '{other}'."),
    };

    private static List<MigrationOperation> Case(string what)
    {
        static AddColumnOperation Column(string? type, Type? clr = null, int? max = null, string name = "Value")
            => new() { Table = "Orders", Name = name, ColumnType = type, ClrType = clr ?? typeof(string), MaxLength = max };
        static CreateTableOperation Table(AddColumnOperation key, params AddColumnOperation[] more)
        {
            var table = new CreateTableOperation { Name = "Orders",
                PrimaryKey = new AddPrimaryKeyOperation { Table = "Orders", Name = "PK_Orders", Columns = [key.Name] } };
            table.Columns.AddRange([key, .. more]);
            return table;
        }

        static AlterColumnOperation Alter(string oldType, string type)
            => new() { Table = "Orders", Name = "Value", ColumnType = type, ClrType = typeof(string),
                OldColumn = new AddColumnOperation { ColumnType = oldType, ClrType = typeof(string) } };
        var id = Column("bigint", typeof(long), name: "Id");

        return what switch
        {
            "add character varying(200)" => [Column("character varying(200)", max: 200)],
            "create table with varchar(50)" => [Table(id, Column("varchar(50)"))],
            "string with MaxLength and no type" => [Column(null, max: 80)],
            "alter text to character varying(100)" => [Alter("text", "character varying(100)")],
            "alter varchar(100) to varchar(200)" => [Alter("character varying(100)", "character varying(200)")],
            "add text" => [Column("text")],
            "add nvarchar(200)" => [Column("nvarchar(200)", max: 200)],
            "add TEXT with MaxLength" => [Column("TEXT", max: 200)],
            "add character(10)" => [Column("character(10)")],
            "add nchar(10)" => [Column("nchar(10)", max: 10)],
            "fixed-length string of 3 with no type" => [new AddColumnOperation { Table = "Orders", Name = "Value", ClrType = typeof(string),
                MaxLength = 3, IsFixedLength = true }],
            "add character(1)" => [Column("character(1)")],
            "add nchar(1)" => [Column("nchar(1)", max: 1)],
            "add nvarchar(10)" => [Column("nvarchar(10)", max: 10)],
            "add char(10)" => [Column("char(10)")],
            "add timestamp without time zone" => [Column("timestamp without time zone", typeof(DateTime))],
            "create table with timestamp(3) without time zone" => [Table(id, Column("timestamp(3) without time zone", typeof(DateTime)))],
            "alter timestamptz to timestamp" => [Alter("timestamp with time zone", "timestamp")],
            "add timestamp with time zone" => [Column("timestamp with time zone", typeof(DateTime))],
            "DateTime with no type" => [Column(null, typeof(DateTime))],
            "add datetime2" => [Column("datetime2", typeof(DateTime))],
            "create table with integer key" => [Table(Column("integer", typeof(int), name: "Id"), Column("integer", typeof(int)))],
            "create table with int key" => [Table(Column("int", typeof(int), name: "Id"))],
            "added column made the primary key" => [Column("integer", typeof(int), name: "Id"),
                new AddPrimaryKeyOperation { Table = "Orders", Name = "PK_Orders", Columns = ["Id"] }],
            "create table with bigint key" => [Table(id, Column("integer", typeof(int)))],
            "integer column that is no key" => [Column("integer", typeof(int))],
            "create table with INTEGER key" => [Table(Column("INTEGER", typeof(int), name: "Id"))],
            "add json" => [Column("json")],
            "alter jsonb to json" => [Alter("jsonb", "json")],
            "add jsonb" => [Column("jsonb")],
            _ => throw new ArgumentException($"No case named '{what}'."),
        };
    }
}
