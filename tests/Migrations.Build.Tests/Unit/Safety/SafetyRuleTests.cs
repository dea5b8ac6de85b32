using FluentAssertions;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Migrations.Build.Engine.Safety;
using Migrations.Build.Engine.Safety.Rules;
using static Migrations.Build.Tests.Unit.Safety.Providers;

namespace Migrations.Build.Tests.Unit.Safety;

/// <summary>
/// Every rule fires on its operation and stays silent on the safe variant. Each case runs only the
/// rule under test, on a migration built from constructed EF Core operations.
/// </summary>
public sealed class SafetyRuleTests
{
    public static TheoryData<string, string, string> Cases => new()
    {
        // rule, case name, expected: "fires" or "silent"
        { DropTableRule.Code, "drop table", "fires" },
        { DropColumnRule.Code, "drop column", "fires" },
        { DropColumnRule.Code, "add column", "silent" },
        { DropSchemaOrSequenceRule.Code, "drop schema", "fires" },
        { DropSchemaOrSequenceRule.Code, "drop sequence", "fires" },
        { NarrowingColumnRule.Code, "nvarchar(100) to nvarchar(50)", "fires" },
        { NarrowingColumnRule.Code, "max length 200 to 100", "fires" },
        { NarrowingColumnRule.Code, "unlimited text to length 50", "fires" },
        { NarrowingColumnRule.Code, "bigint to int", "fires" },
        { NarrowingColumnRule.Code, "decimal(18,4) to decimal(18,2)", "fires" },
        { NarrowingColumnRule.Code, "string to int", "fires" },
        { NarrowingColumnRule.Code, "nvarchar to varchar", "fires" },
        { NarrowingColumnRule.Code, "nvarchar(50) to nvarchar(100)", "silent" },
        { NarrowingColumnRule.Code, "int to bigint", "silent" },
        { NarrowingColumnRule.Code, "int to string", "silent" },
        { NarrowingColumnRule.Code, "decimal(10,2) to decimal(12,2)", "silent" },
        { NarrowingColumnRule.Code, "nullable change only", "silent" },
        { NarrowingColumnRule.Code, "numeric to numeric(10,2)", "fires" },
        { NarrowingColumnRule.Code, "DateTime to DateTimeOffset", "silent" },
        { NarrowingColumnRule.Code, "int to decimal(18,2)", "silent" },
        { DataDeletionRule.Code, "delete data", "fires" },
        { DataDeletionRule.Code, "raw DELETE", "fires" },
        { DataDeletionRule.Code, "raw TRUNCATE", "fires" },
        { DataDeletionRule.Code, "raw UPDATE", "silent" },
        { DataDeletionRule.Code, "ON DELETE CASCADE", "silent" },
        { DataDeletionRule.Code, "DELETE in a comment", "silent" },
        { NotNullColumnWithoutDefaultRule.Code, "NOT NULL without default on existing table", "fires" },
        { NotNullColumnWithoutDefaultRule.Code, "NOT NULL on a table created in the same migration", "silent" },
        { NotNullColumnWithoutDefaultRule.Code, "nullable column", "silent" },
        { NotNullColumnWithoutDefaultRule.Code, "NOT NULL with default", "silent" },
        { NotNullColumnWithoutDefaultRule.Code, "NOT NULL with default SQL", "silent" },
        { ColumnMadeNotNullRule.Code, "made NOT NULL", "fires" },
        { ColumnMadeNotNullRule.Code, "made nullable", "silent" },
        { ColumnMadeNotNullRule.Code, "made NOT NULL with a default", "silent" },
        { UniqueOverExistingDataRule.Code, "unique index on existing table", "fires" },
        { UniqueOverExistingDataRule.Code, "unique constraint on existing table", "fires" },
        { UniqueOverExistingDataRule.Code, "unique index on new table", "silent" },
        { UniqueOverExistingDataRule.Code, "plain index", "silent" },
        { ConstraintOverExistingDataRule.Code, "foreign key on existing table", "fires" },
        { ConstraintOverExistingDataRule.Code, "check constraint on existing table", "fires" },
        { ConstraintOverExistingDataRule.Code, "foreign key on new table", "silent" },
        { ColumnMadeNullableRule.Code, "made nullable on PostgreSQL", "fires" },
        { ColumnMadeNullableRule.Code, "made nullable on SQL Server", "fires" },
        { ColumnMadeNullableRule.Code, "made nullable", "fires" },
        { ColumnMadeNullableRule.Code, "made NOT NULL", "silent" },
        { ColumnMadeNullableRule.Code, "made nullable on a new table", "silent" },
        { DefaultFilledNotNullRule.Code, "made NOT NULL with a default", "fires" },
        { DefaultFilledNotNullRule.Code, "made NOT NULL with a default on PostgreSQL", "fires" },
        { DefaultFilledNotNullRule.Code, "made NOT NULL with a default on SQL Server", "fires" },
        { DefaultFilledNotNullRule.Code, "made NOT NULL", "silent" },
        { DefaultFilledNotNullRule.Code, "made NOT NULL with a default on a new table", "silent" },
        { RenameTableRule.Code, "rename table", "fires" },
        { RenameColumnRule.Code, "rename column", "fires" },
        { BlockingIndexRule.Code, "index on PostgreSQL without CONCURRENTLY", "fires" },
        { BlockingIndexRule.Code, "index on PostgreSQL CONCURRENTLY", "silent" },
        { BlockingIndexRule.Code, "index on SQL Server without ONLINE", "fires" },
        { BlockingIndexRule.Code, "index on SQL Server ONLINE", "silent" },
        { BlockingIndexRule.Code, "index on SQLite", "silent" },
        { BlockingIndexRule.Code, "index on a new PostgreSQL table", "silent" },
        { TableRewriteRule.Code, "type change on PostgreSQL", "fires" },
        { TableRewriteRule.Code, "any column change on SQLite", "fires" },
        { TableRewriteRule.Code, "nullability change on PostgreSQL", "silent" },
        { RawSqlRule.Code, "raw SQL", "fires" },
        { RawSqlRule.Code, "no raw SQL", "silent" },
        { IrreversibleMigrationRule.Code, "empty Down", "fires" },
        { IrreversibleMigrationRule.Code, "Down that throws", "fires" },
        { IrreversibleMigrationRule.Code, "Down that undoes Up", "silent" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Rule_fires_only_where_it_should(string rule, string name, string expected)
    {
        var (provider, up, down, downError) = Case(name);
        var scope = new MigrationScope("20240101000000_Test", "Test", provider, up, down, downError);
        var only = SafetyRules.All.Single(r => r.Id == rule);

        var hits = scope.Analyzed.SelectMany(op => only.Check(op, scope)).Concat(only.CheckMigration(scope)).ToList();

        if (expected == "fires")
        {
            hits.Should().NotBeEmpty($"{rule} should fire on: {name}");
            hits.Should().OnlyContain(h => h.Message.Length > 10);
        }
        else
        {
            hits.Should().BeEmpty($"{rule} should stay silent on: {name}");
        }
    }

    [Fact]
    public void Every_rule_has_a_case_that_fires()
        => Cases.Select(c => c.Data.Item1).Concat(SuggestionRuleTests.Cases.Select(c => c.Data.Item1)).Concat(LockRuleTests.Rules).Distinct()
            .Should().BeEquivalentTo(SafetyRules.All.Select(r => r.Id));

    [Fact]
    public void Findings_name_the_table_and_column_and_say_the_safe_way()
    {
        var rule = SafetyRules.All.Single(r => r.Id == DropColumnRule.Code);
        var scope = new MigrationScope("1", "X", Sqlite, [new DropColumnOperation { Table = "Customers", Name = "Email" }], [], null);

        var hit = rule.Check(scope.Up[0], scope).Single();

        hit.Table.Should().Be("Customers");
        hit.Column.Should().Be("Email");
        hit.Message.Should().Contain("Customers.Email");
        rule.SafeAlternative.Should().Contain("later release").And.Contain("back it up");
    }

    private static (string Provider, IReadOnlyList<MigrationOperation> Up, IReadOnlyList<MigrationOperation>? Down, Exception? DownError) Case(string name)
    {
        IReadOnlyList<MigrationOperation> undo = [new DropTableOperation { Name = "Undo" }];
        (string, IReadOnlyList<MigrationOperation>, IReadOnlyList<MigrationOperation>?, Exception?) On(string provider, params MigrationOperation[] up)
            => (provider, up, undo, null);
        (string, IReadOnlyList<MigrationOperation>, IReadOnlyList<MigrationOperation>?, Exception?) Op(params MigrationOperation[] up)
            => (Sqlite, up, undo, null);
        static AlterColumnOperation Alter(Type oldClr, string? oldType, int? oldMax, Type clr, string? type, int? max,
            bool oldNullable = true, bool nullable = true)
            => new()
            {
                Table = "Customers", Name = "Name", ClrType = clr, ColumnType = type, MaxLength = max, IsNullable = nullable,
                OldColumn = new AddColumnOperation { Table = "Customers", Name = "Name", ClrType = oldClr, ColumnType = oldType,
                    MaxLength = oldMax, IsNullable = oldNullable },
            };
        static AlterColumnOperation Decimal(int oldP, int oldS, int p, int s)
            => new()
            {
                Table = "Orders", Name = "Total", ClrType = typeof(decimal), Precision = p, Scale = s,
                OldColumn = new AddColumnOperation { Table = "Orders", Name = "Total", ClrType = typeof(decimal), Precision = oldP, Scale = oldS },
            };
        var create = new CreateTableOperation { Name = "Customers" };
        CreateIndexOperation Index(bool unique = false) => new() { Name = "IX_Customers_Email", Table = "Customers", Columns = ["Email"], IsUnique = unique };

        return name switch
        {
            "drop table" => Op(new DropTableOperation { Name = "Customers" }),
            "drop column" => Op(new DropColumnOperation { Table = "Customers", Name = "Email" }),
            "add column" => Op(new AddColumnOperation { Table = "Customers", Name = "Email", ClrType = typeof(string), IsNullable = true }),
            "drop schema" => Op(new DropSchemaOperation { Name = "sales" }),
            "drop sequence" => Op(new DropSequenceOperation { Name = "OrderNumbers" }),
            "nvarchar(100) to nvarchar(50)" => Op(Alter(typeof(string), "nvarchar(100)", null, typeof(string), "nvarchar(50)", null)),
            "max length 200 to 100" => Op(Alter(typeof(string), null, 200, typeof(string), null, 100)),
            "unlimited text to length 50" => Op(Alter(typeof(string), "text", null, typeof(string), "varchar(50)", null)),
            "bigint to int" => Op(Alter(typeof(long), "bigint", null, typeof(int), "int", null)),
            "decimal(18,4) to decimal(18,2)" => Op(Decimal(18, 4, 18, 2)),
            "string to int" => Op(Alter(typeof(string), "TEXT", null, typeof(int), "INTEGER", null)),
            "nvarchar to varchar" => Op(Alter(typeof(string), "nvarchar(100)", null, typeof(string), "varchar(100)", null)),
            "nvarchar(50) to nvarchar(100)" => Op(Alter(typeof(string), "nvarchar(50)", null, typeof(string), "nvarchar(100)", null)),
            "int to bigint" => Op(Alter(typeof(int), "int", null, typeof(long), "bigint", null)),
            "int to string" => Op(Alter(typeof(int), "int", null, typeof(string), "nvarchar(max)", null)),
            "decimal(10,2) to decimal(12,2)" => Op(Decimal(10, 2, 12, 2)),
            "nullable change only" => Op(Alter(typeof(string), "TEXT", null, typeof(string), "TEXT", null, oldNullable: false, nullable: true)),
            "delete data" => Op(new DeleteDataOperation { Table = "Customers", KeyColumns = ["Id"], KeyValues = new object[,] { { 1 }, { 2 } } }),
            "raw DELETE" => Op(new SqlOperation { Sql = "delete from Customers where IsTest = 1" }),
            "raw TRUNCATE" => Op(new SqlOperation { Sql = "TRUNCATE TABLE AuditLog;" }),
            "raw UPDATE" => Op(new SqlOperation { Sql = "UPDATE Customers SET Name = 'x' WHERE Name IS NULL" }),
            "ON DELETE CASCADE" => Op(new SqlOperation { Sql = "ALTER TABLE Orders ADD CONSTRAINT FK FOREIGN KEY (C) REFERENCES Customers "
                + "(Id) ON DELETE CASCADE;" }),
            "DELETE in a comment" => Op(new SqlOperation { Sql = "-- delete from old rows later\nUPDATE Orders SET Note = 'delete me' WHERE Id = 1;" }),
            "NOT NULL without default on existing table" => Op(new AddColumnOperation { Table = "Customers", Name = "Code",
                ClrType = typeof(string), IsNullable = false }),
            "NOT NULL on a table created in the same migration" => Op(create,
                new AddColumnOperation { Table = "Customers", Name = "Code", ClrType = typeof(string), IsNullable = false }),
            "nullable column" => Op(new AddColumnOperation { Table = "Customers", Name = "Code", ClrType = typeof(string), IsNullable = true }),
            "NOT NULL with default" => Op(new AddColumnOperation { Table = "Customers", Name = "Code", ClrType = typeof(string),
                IsNullable = false, DefaultValue = "" }),
            "NOT NULL with default SQL" => Op(new AddColumnOperation { Table = "Customers", Name = "At", ClrType = typeof(DateTime),
                IsNullable = false, DefaultValueSql = "now()" }),
            "made NOT NULL" => Op(Alter(typeof(string), "TEXT", null, typeof(string), "TEXT", null, oldNullable: true, nullable: false)),
            "made NOT NULL with a default" => Op(WithDefault(Alter(typeof(string), "TEXT", null, typeof(string), "TEXT", null,
                oldNullable: true, nullable: false))),
            "numeric to numeric(10,2)" => Op(new AlterColumnOperation
            {
                Table = "Orders", Name = "Total", ClrType = typeof(decimal), ColumnType = "numeric(10,2)",
                OldColumn = new AddColumnOperation { Table = "Orders", Name = "Total", ClrType = typeof(decimal), ColumnType = "numeric" },
            }),
            "DateTime to DateTimeOffset" => Op(Alter(typeof(DateTime), "datetime2", null, typeof(DateTimeOffset), "datetimeoffset", null)),
            "int to decimal(18,2)" => Op(Alter(typeof(int), "int", null, typeof(decimal), "decimal(18,2)", null)),
            "made nullable" => Op(Alter(typeof(string), "TEXT", null, typeof(string), "TEXT", null, oldNullable: false, nullable: true)),
            "made nullable on PostgreSQL" => On(Postgres,
                Alter(typeof(string), "text", null, typeof(string), "text", null, oldNullable: false, nullable: true)),
            "made nullable on SQL Server" => On(SqlServer,
                Alter(typeof(string), "nvarchar(max)", null, typeof(string), "nvarchar(max)", null, oldNullable: false, nullable: true)),
            "made nullable on a new table" => Op(create, Alter(typeof(string), "TEXT", null, typeof(string), "TEXT", null, oldNullable: false, nullable: true)),
            "made NOT NULL with a default on PostgreSQL" => On(Postgres,
                WithDefault(Alter(typeof(string), "text", null, typeof(string), "text", null, oldNullable: true, nullable: false))),
            "made NOT NULL with a default on SQL Server"
                => On(SqlServer,
                    WithDefault(Alter(typeof(string), "nvarchar(max)", null, typeof(string), "nvarchar(max)", null, oldNullable: true, nullable: false))),
            "made NOT NULL with a default on a new table" => Op(create,
                WithDefault(Alter(typeof(string), "TEXT", null, typeof(string), "TEXT", null, oldNullable: true, nullable: false))),
            "unique index on existing table" => Op(Index(unique: true)),
            "unique constraint on existing table" => Op(new AddUniqueConstraintOperation { Name = "AK_Customers_Email",
                Table = "Customers", Columns = ["Email"] }),
            "unique index on new table" => Op(create, Index(unique: true)),
            "plain index" => Op(Index()),
            "foreign key on existing table" => Op(new AddForeignKeyOperation { Name = "FK_Orders_Customers", Table = "Orders", Columns = ["CustomerId"],
                PrincipalTable = "Customers", PrincipalColumns = ["Id"] }),
            "check constraint on existing table" => Op(new AddCheckConstraintOperation { Name = "CK_Orders_Total", Table = "Orders", Sql = "Total >= 0" }),
            "foreign key on new table" => Op(new CreateTableOperation { Name = "Orders" },
                new AddForeignKeyOperation { Name = "FK", Table = "Orders", Columns = ["CustomerId"], PrincipalTable = "Customers" }),
            "rename table" => Op(new RenameTableOperation { Name = "Customers", NewName = "Clients" }),
            "rename column" => Op(new RenameColumnOperation { Table = "Customers", Name = "Mail", NewName = "Email" }),
            "index on PostgreSQL without CONCURRENTLY" => On(Postgres, Index()),
            "index on PostgreSQL CONCURRENTLY" => On(Postgres, Concurrently(Index(), "Npgsql:CreatedConcurrently")),
            "index on SQL Server without ONLINE" => On(SqlServer, Index()),
            "index on SQL Server ONLINE" => On(SqlServer, Concurrently(Index(), "SqlServer:Online")),
            "index on SQLite" => On(Sqlite, Index()),
            "index on a new PostgreSQL table" => On(Postgres, create, Index()),
            "type change on PostgreSQL" => On(Postgres, Alter(typeof(int), "integer", null, typeof(long), "bigint", null)),
            "any column change on SQLite" => On(Sqlite, Alter(typeof(string), "TEXT", null, typeof(string), "TEXT", null, oldNullable: true, nullable: false)),
            "nullability change on PostgreSQL" => On(Postgres,
                Alter(typeof(string), "text", null, typeof(string), "text", null, oldNullable: false, nullable: true)),
            "raw SQL" => Op(new SqlOperation { Sql = "CREATE EXTENSION IF NOT EXISTS citext;" }),
            "no raw SQL" => Op(Index()),
            "empty Down" => (Sqlite, [Index()], [], null),
            "Down that throws" => (Sqlite, [Index()], null, new NotSupportedException("can't go back")),
            "Down that undoes Up" => (Sqlite, [Index()], [new DropIndexOperation { Name = "IX_Customers_Email", Table = "Customers" }], null),
            _ => throw new ArgumentException($"No case named '{name}'."),
        };
    }

    private static AlterColumnOperation WithDefault(AlterColumnOperation alter)
    {
        alter.DefaultValue = string.Empty;
        return alter;
    }

    private static CreateIndexOperation Concurrently(CreateIndexOperation index, string annotation)
    {
        index.AddAnnotation(annotation, true);
        return index;
    }
}
