using FluentAssertions;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Migrations.Build.Engine.Safety;
using Migrations.Build.Engine.Safety.Rules;
using Migrations.Build.Protocol;
using static Migrations.Build.Tests.Unit.Safety.Providers;

namespace Migrations.Build.Tests.Unit.Safety;

/// <summary>
/// The cases of strong_migrations' list and Squawk's rules about locks and rewrites, each one EF Core
/// operation in the form EF Core scaffolds it, judged per provider by every rule at once: exactly the
/// expected findings (rule and severity), and none on what the engine does without a rewrite.
/// </summary>
public sealed class LockRuleTests
{
    public static TheoryData<string, string, string> Cases => new()
    {
        // case, provider, expected findings ("rule severity", comma-separated; "" for none)
        { "uuid column with gen_random_uuid()", Postgres, $"{RewritingColumnAddRule.Code} warning" },
        { "uuid column with gen_random_uuid()", Sqlite, "" },
        { "timestamp column with now()", Postgres, "" },
        { "identity column added", Postgres, $"{RewritingColumnAddRule.Code} warning" },
        { "identity column added", SqlServer, $"{RewritingColumnAddRule.Code} warning" },
        { "stored computed column added", Postgres, $"{RewritingColumnAddRule.Code} warning" },
        { "stored computed column added", SqlServer, $"{RewritingColumnAddRule.Code} warning" },
        { "virtual computed column added", SqlServer, "" },
        { "NOT NULL column with NEWID()", SqlServer, $"{RewritingColumnAddRule.Code} warning" },
        { "nullable column with NEWID()", SqlServer, "" },
        { "identity column on a new table", Postgres, "" },
        { "primary key added", Postgres, $"{PrimaryKeyOnExistingTableRule.Code} warning" },
        { "primary key added", SqlServer, $"{PrimaryKeyOnExistingTableRule.Code} warning" },
        { "primary key added", Sqlite, $"{PrimaryKeyOnExistingTableRule.Code} warning" },
        { "primary key of a new table", Postgres, "" },
        { "index dropped", Postgres, $"{BlockingIndexDropRule.Code} warning" },
        { "index dropped", SqlServer, "" },
        { "index dropped", Sqlite, "" },
        { "index dropped with its table", Postgres, $"{DropTableRule.Code} error" },
        { "unique constraint added", Postgres, $"{UniqueOverExistingDataRule.Code} warning, {BlockingIndexRule.Code} warning" },
        { "unique constraint added", SqlServer, $"{UniqueOverExistingDataRule.Code} warning, {BlockingIndexRule.Code} warning" },
        { "unique constraint added", Sqlite, $"{UniqueOverExistingDataRule.Code} warning" },
        { "varchar(200) to text", Postgres, "" },
        { "varchar(50) to varchar(100)", Postgres, "" },
        { "varchar(50) to varchar(100)", SqlServer, "" },
        { "numeric(10,2) to numeric(12,2)", Postgres, "" },
        { "integer to bigint", Postgres, $"{TableRewriteRule.Code} warning" },
        { "integer to bigint", SqlServer, $"{TableRewriteRule.Code} warning" },
        { "text to varchar(100)", Postgres, $"{NarrowingColumnRule.Code} error, {VarcharLengthRule.Code} suggestion" },
        { "timestamp to timestamptz", Postgres, $"{TableRewriteRule.Code} warning" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_case_gets_exactly_its_findings(string name, string provider, string expected)
    {
        var scope = new MigrationScope("20240101000000_Test", "Test", provider, Case(name), [new SqlOperation { Sql = "-- undo" }], null);

        ShouldFindExactly(scope, expected);
    }

    /// <summary>
    /// Every rule over the migration, as the analyzer runs them: "rule severity" of each finding, in rule order (MIG501 aside: the undo is raw SQL).
    /// </summary>
    internal static void ShouldFindExactly(MigrationScope scope, string expected)
    {
        var found = SafetyRules.All
            .SelectMany(rule => scope.Analyzed.SelectMany(op => rule.Check(op, scope)).Concat(rule.CheckMigration(scope)).Select(hit => (rule, hit)))
            .Where(f => f.rule.Id != RawSqlRule.Code)
            .ToList();

        string.Join(", ", found.Select(f => $"{f.rule.Id} {f.rule.DefaultSeverity}")).Should()
            .Be(expected, string.Join("\n", found.Select(f => f.hit.Message)));
    }

    [Fact]
    public void A_rewriting_column_names_why_and_the_EF_shaped_way()
    {
        var scope = new MigrationScope("1", "X", Postgres, Case("uuid column with gen_random_uuid()"), [], null);
        var rule = SafetyRules.All.Single(r => r.Id == RewritingColumnAddRule.Code);

        rule.Check(scope.Up[0], scope).Single().Message.Should().Be(
            "Column Orders.PublicId is added with a volatile default (gen_random_uuid(), evaluated per row): "
                + "the database writes every row of Orders and locks it meanwhile.");
        rule.SafeAlternative.Should().Contain("nullable without that default").And.Contain("batches");
        SafetyRules.All.Single(r => r.Id == BlockingIndexDropRule.Code).SafeAlternative.Should().Contain("DROP INDEX CONCURRENTLY")
            .And.Contain("suppressTransaction: true");
        SafetyRules.All.Single(r => r.Id == BlockingIndexRule.Code).SafeAlternative.Should().Contain(".IsCreatedConcurrently()").And.Contain("USING INDEX");
    }

    internal static IReadOnlyList<string> Rules => [RewritingColumnAddRule.Code, PrimaryKeyOnExistingTableRule.Code, BlockingIndexDropRule.Code];

    private static MigrationOperation[] Case(string name)
    {
        static AddColumnOperation Column(string name, Type clr, string? type, bool nullable = true)
            => new() { Table = "Orders", Name = name, ClrType = clr, ColumnType = type, IsNullable = nullable };
        static AddColumnOperation With(AddColumnOperation column, string annotation, object value)
        {
            column.AddAnnotation(annotation, value);
            return column;
        }

        static AlterColumnOperation Alter(Type oldClr, string oldType, Type clr, string type) => new()
        {
            Table = "Orders", Name = "Code", ClrType = clr, ColumnType = type, IsNullable = true,
            OldColumn = new AddColumnOperation { Table = "Orders", Name = "Code", ClrType = oldClr, ColumnType = oldType, IsNullable = true },
        };

        var uuid = Column("PublicId", typeof(Guid), "uuid", nullable: false);
        uuid.DefaultValueSql = "gen_random_uuid()";
        var at = Column("SeenAt", typeof(DateTime), "timestamp with time zone", nullable: false);
        at.DefaultValueSql = "now()";
        var stored = Column("Total", typeof(decimal), null);
        (stored.ComputedColumnSql, stored.IsStored) = ("\"Price\" * \"Quantity\"", true);
        var virtualComputed = Column("Total", typeof(decimal), null);
        virtualComputed.ComputedColumnSql = "[Price] * [Quantity]";
        var newId = Column("RowGuid", typeof(Guid), "uniqueidentifier", nullable: false);
        newId.DefaultValueSql = "NEWID()";
        var nullableNewId = Column("RowGuid", typeof(Guid), "uniqueidentifier");
        nullableNewId.DefaultValueSql = "NEWID()";
        var key = new AddPrimaryKeyOperation { Name = "PK_Orders", Table = "Orders", Columns = ["Id"] };
        var drop = new DropIndexOperation { Name = "IX_Orders_CustomerId", Table = "Orders" };

        return name switch
        {
            "uuid column with gen_random_uuid()" => [uuid],
            "timestamp column with now()" => [at],
            "identity column added" => [With(Column("Number", typeof(long), "bigint", nullable: false),
                "Npgsql:ValueGenerationStrategy", "IdentityByDefaultColumn")
                .Also(c => c.AddAnnotation("SqlServer:Identity", "1, 1"))],
            "stored computed column added" => [stored],
            "virtual computed column added" => [virtualComputed],
            "NOT NULL column with NEWID()" => [newId],
            "nullable column with NEWID()" => [nullableNewId],
            "identity column on a new table" => [new CreateTableOperation { Name = "Orders" },
                With(Column("Number", typeof(long), "bigint", nullable: false), "Npgsql:ValueGenerationStrategy", "IdentityByDefaultColumn")],
            "primary key added" => [key],
            "primary key of a new table" => [new CreateTableOperation { Name = "Orders" }, key],
            "index dropped" => [drop],
            "index dropped with its table" => [drop, new DropTableOperation { Name = "Orders" }],
            "unique constraint added" => [new AddUniqueConstraintOperation { Name = "AK_Orders_Number", Table = "Orders", Columns = ["Number"] }],
            "varchar(200) to text" => [Alter(typeof(string), "character varying(200)", typeof(string), "text")],
            "varchar(50) to varchar(100)" => [Alter(typeof(string), "varchar(50)", typeof(string), "varchar(100)")],
            "numeric(10,2) to numeric(12,2)" => [Alter(typeof(decimal), "numeric(10,2)", typeof(decimal), "numeric(12,2)")],
            "integer to bigint" => [Alter(typeof(int), "integer", typeof(long), "bigint")],
            "text to varchar(100)" => [Alter(typeof(string), "text", typeof(string), "character varying(100)")],
            "timestamp to timestamptz" => [Alter(typeof(DateTime), "timestamp without time zone", typeof(DateTime), "timestamp with time zone")],
            _ => throw new ArgumentException($"No case named '{name}'."),
        };
    }
}

internal static class OperationExtensions
{
    public static T Also<T>(this T operation, Action<T> change)
    {
        change(operation);
        return operation;
    }
}
