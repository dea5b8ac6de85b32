using FluentAssertions;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Migrations.Build.Engine;
using Migrations.Build.Engine.Drift;
using Migrations.Build.Engine.Scaffold;

namespace Migrations.Build.Tests.Unit;

public sealed class EngineUnitTests
{
    [Theory]
    [InlineData("add customer email", "AddCustomerEmail")]
    [InlineData("  drop   legacy-flags table ", "DropLegacyflagsTable")]
    [InlineData("v2 orders", "V2Orders")]
    [InlineData("_internal fix", "_internalFix")]
    public void Revision_messages_become_migration_names(string message, string name)
        => MigrationNamer.FromMessage(message).Should().Be(name);

    [Theory]
    [InlineData("")]
    [InlineData("!!!")]
    [InlineData("2024 cleanup")]
    public void A_message_that_gives_no_name_is_a_usage_error(string message)
    {
        var act = () => MigrationNamer.FromMessage(message);

        act.Should().Throw<EngineException>().Where(e => e.ExitCode == 2).WithMessage("*must start with a letter*");
    }

    [Fact]
    public void Operations_are_told_with_entity_and_property_names_when_a_model_maps_them()
    {
        using var context = new ShopContext();
        var model = context.GetService<IDesignTimeModel>().Model.GetRelationalModel();
        var describer = new OperationDescriber(source: null, target: model);

        describer.Describe(new AddColumnOperation { Table = "Customers", Name = "Email", ClrType = typeof(string), ColumnType = "TEXT", IsNullable = true })
            .Should().Be("Customer.Email: column added (Customers.Email TEXT, nullable)");
        describer.Describe(new CreateTableOperation { Name = "Customers" })
            .Should().Be("Customer: table added (Customers, 0 column(s))");
        describer.Describe(new AlterColumnOperation
        {
            Table = "Customers", Name = "Email", ClrType = typeof(string), ColumnType = "nvarchar", MaxLength = 50, IsNullable = false,
            OldColumn = new AddColumnOperation { Table = "Customers", Name = "Email", ClrType = typeof(string), ColumnType = "nvarchar",
                MaxLength = 100, IsNullable = true },
        }).Should().Be("Customer.Email: column changed (Customers.Email: nvarchar(100) -> nvarchar(50), nullable -> required)");
    }

    [Fact]
    public void Without_a_model_operations_are_told_by_table_and_column()
    {
        var describer = new OperationDescriber(null, null);

        describer.Describe(new DropColumnOperation { Table = "Orders", Name = "Notes" }).Should().Be("Orders.Notes: column dropped (Orders.Notes)");
        describer.Describe(new DropTableOperation { Name = "Orders", Schema = "sales" }).Should().Be("sales.Orders: table dropped");
        describer.Describe(new SqlOperation { Sql = "UPDATE Orders SET Total = 0;\nDELETE FROM X;" }).Should().Be("raw SQL: UPDATE Orders SET Total = 0;");
    }

    [Fact]
    public void Store_types_show_their_facets_once_and_every_operation_reads_as_words()
    {
        var describer = new OperationDescriber(null, null);

        describer.Describe(new AddColumnOperation { Table = "Users", Name = "Code", ClrType = typeof(string), ColumnType = "character varying(30)",
            MaxLength = 30, IsNullable = false, DefaultValue = "" })
            .Should().Be("Users.Code: column added (Users.Code character varying(30), required, default '')");
        describer.Describe(new AddColumnOperation { Table = "Prices", Name = "Amount", ClrType = typeof(decimal), ColumnType = "numeric(38,18)", Precision = 38,
            Scale = 18, IsNullable = false, DefaultValue = 0m })
            .Should().Be("Prices.Amount: column added (Prices.Amount numeric(38,18), required, default 0)");
        describer.Describe(new AddColumnOperation { Table = "Prices", Name = "Tax", ClrType = typeof(decimal), ColumnType = "decimal", Precision = 9,
            Scale = 2, IsNullable = true })
            .Should().Be("Prices.Tax: column added (Prices.Tax decimal(9,2), nullable)");
        describer.Describe(new RenameSequenceOperation { Name = "order_item_seq", Schema = "sales", NewName = "order_item_seq" })
            .Should().Be("sequence sales.order_item_seq: moved to the default schema");
        describer.Describe(new RenameTableOperation { Name = "Users", Schema = "app", NewName = "Users" })
            .Should().Be("app.Users: table moved to the default schema");
        describer.Describe(new RenameTableOperation { Name = "Users", Schema = "app", NewName = "Members", NewSchema = "app" })
            .Should().Be("app.Users: table renamed to Members");
        describer.Describe(new RestartSequenceOperation { Name = "ids", StartValue = 100 }).Should().Be("sequence ids: restarted at 100");
        describer.Describe(new AlterColumnOperation
        {
            Table = "Users", Name = "Code", ClrType = typeof(string), ColumnType = "character varying(30)", IsNullable = false, DefaultValue = "",
            OldColumn = new AddColumnOperation { Table = "Users", Name = "Code", ClrType = typeof(string),
                ColumnType = "character varying(30)", IsNullable = true },
        }).Should().Be("Users.Code: column changed (Users.Code: nullable -> required, default none -> '')");
    }

    [Fact]
    public void Failures_map_to_the_contract_exit_codes()
    {
        EngineHost.Classify(new EngineException("bad target")).ExitCode.Should().Be(2);
        EngineHost.Classify(new EngineException("refused", 4)).ExitCode.Should().Be(4);
        EngineHost.Classify(new OperationException("No DbContext")).ExitCode.Should().Be(2);
        EngineHost.Classify(new SqliteException("unable to open database file", 14)).ExitCode.Should().Be(3);
        EngineHost.Classify(new InvalidOperationException("wrapped", new SqliteException("locked", 5))).ExitCode.Should().Be(3);
        EngineHost.Classify(new System.Reflection.TargetInvocationException(new EngineException("inner"))).Message.Should().Be("inner");
        EngineHost.Classify(new Migrations.Build.Protocol.Backups.BackupKeyException("MIGRATIONS_BACKUP_KEY is set but empty")).ExitCode.Should().Be(2);
    }

    [Fact]
    public void Validate_risk_is_high_only_for_errors_that_put_rows_at_risk()
    {
        static Migrations.Build.Protocol.Results.Finding F(string severity, long? rows)
            => new() { Rule = "MIG102", Severity = severity, Message = "m", RowsAtRisk = rows };

        Migrations.Build.Engine.Validate.ValidateOperations.Risk([]).Should().Be("none");
        Migrations.Build.Engine.Validate.ValidateOperations.Risk([F("error", 0)]).Should().Be("low");
        Migrations.Build.Engine.Validate.ValidateOperations.Risk([F("warning", 12)]).Should().Be("low");
        Migrations.Build.Engine.Validate.ValidateOperations.Risk([F("message", 12)]).Should().Be("none", "acknowledged");
        Migrations.Build.Engine.Validate.ValidateOperations.Risk([F("error", 3)]).Should().Be("high");
        Migrations.Build.Engine.Validate.ValidateOperations.Risk([F("error", null)]).Should().Be("high", "uncounted means unknown, not safe");
    }

    private sealed class Customer
    {
        public int Id { get; set; }

        public string? Email { get; set; }
    }

    private sealed class ShopContext : DbContext
    {
        public DbSet<Customer> Customers => Set<Customer>();

        protected override void OnConfiguring(DbContextOptionsBuilder options) => options.UseSqlite("Data Source=:memory:");
    }
}
