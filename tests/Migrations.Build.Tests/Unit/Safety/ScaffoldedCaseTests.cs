using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Migrations.Build.Engine.Safety;
using Migrations.Build.Engine.Safety.Rules;
using static Migrations.Build.Tests.Unit.Safety.Providers;
using static Migrations.Build.Tests.Unit.Safety.ScaffoldedMigration;

namespace Migrations.Build.Tests.Unit.Safety;

/// <summary>
/// LockRuleTests' cases as EF Core scaffolds them: each one model change, diffed by the provider's own
/// model differ into the operations `dotnet ef migrations add` writes, then judged by every rule.
/// The rules must read EF Core's real shapes (its annotations, store types, the default it adds to a
/// column made required), not only the hand-made ones.
/// </summary>
public sealed class ScaffoldedCaseTests
{
    public static TheoryData<string, string, string, string> Cases => new()
    {
        // case, provider, the operations EF Core scaffolds, the findings ("rule severity", comma-separated; "" for none)
        { "uuid column with gen_random_uuid()", Postgres, "AddColumn", $"{RewritingColumnAddRule.Code} warning" },
        { "uuid column with gen_random_uuid()", Sqlite, "AddColumn", "" },
        { "timestamp column with now()", Postgres, "AddColumn", "" },
        { "identity column added", Postgres, "AddColumn", $"{RewritingColumnAddRule.Code} warning" },
        { "identity column added", SqlServer, "AddColumn", $"{RewritingColumnAddRule.Code} warning" },
        { "stored computed column added", Postgres, "AddColumn", $"{RewritingColumnAddRule.Code} warning" },
        { "stored computed column added", SqlServer, "AddColumn", $"{RewritingColumnAddRule.Code} warning" },
        { "virtual computed column added", SqlServer, "AddColumn", "" },
        { "virtual computed column added", Sqlite, "AddColumn", "" },
        { "NOT NULL column with NEWID()", SqlServer, "AddColumn", $"{RewritingColumnAddRule.Code} warning" },
        { "nullable column with NEWID()", SqlServer, "AddColumn", "" },
        { "table created with an int identity key", Postgres, "CreateTable", $"{IntegerKeyRule.Code} suggestion" },
        { "table created with an int identity key", SqlServer, "CreateTable", $"{IntegerKeyRule.Code} suggestion" },
        { "table created with an int identity key", Sqlite, "CreateTable", "" },
        { "primary key added", Postgres, "AddPrimaryKey", $"{PrimaryKeyOnExistingTableRule.Code} warning" },
        { "primary key added", SqlServer, "AddPrimaryKey", $"{PrimaryKeyOnExistingTableRule.Code} warning" },
        { "primary key added", Sqlite, "AddPrimaryKey", $"{PrimaryKeyOnExistingTableRule.Code} warning" },
        { "index dropped", Postgres, "DropIndex", $"{BlockingIndexDropRule.Code} warning" },
        { "index dropped", SqlServer, "DropIndex", "" },
        { "index dropped", Sqlite, "DropIndex", "" },
        { "unique index added", Postgres, "CreateIndex", $"{UniqueOverExistingDataRule.Code} warning, {BlockingIndexRule.Code} warning" },
        { "unique index added", SqlServer, "CreateIndex", $"{UniqueOverExistingDataRule.Code} warning, {BlockingIndexRule.Code} warning" },
        { "unique index added", Sqlite, "CreateIndex", $"{UniqueOverExistingDataRule.Code} warning" },
        { "unique index added concurrently or online", Postgres, "CreateIndex", $"{UniqueOverExistingDataRule.Code} warning" },
        { "unique index added concurrently or online", SqlServer, "CreateIndex", $"{UniqueOverExistingDataRule.Code} warning" },
        { "unique constraint added", Postgres, "AddUniqueConstraint", $"{UniqueOverExistingDataRule.Code} warning, {BlockingIndexRule.Code} warning" },
        { "unique constraint added", SqlServer, "AddUniqueConstraint", $"{UniqueOverExistingDataRule.Code} warning, {BlockingIndexRule.Code} warning" },
        { "unique constraint added", Sqlite, "AddUniqueConstraint", $"{UniqueOverExistingDataRule.Code} warning" },
        { "varchar(200) to text", Postgres, "AlterColumn", "" },
        { "varchar(50) to varchar(100)", Postgres, "AlterColumn", "" },
        { "varchar(50) to varchar(100)", SqlServer, "AlterColumn", "" },
        { "varchar(50) to varchar(100)", Sqlite, "", "" }, // both TEXT: EF Core scaffolds nothing
        { "numeric(10,2) to numeric(12,2)", Postgres, "AlterColumn", "" },
        { "integer to bigint", Postgres, "AlterColumn", $"{TableRewriteRule.Code} warning" },
        { "integer to bigint", SqlServer, "AlterColumn", $"{TableRewriteRule.Code} warning" },
        { "integer to bigint", Sqlite, "", "" }, // both INTEGER: EF Core scaffolds nothing
        { "text to varchar(100)", Postgres, "AlterColumn", $"{NarrowingColumnRule.Code} error, {VarcharLengthRule.Code} suggestion" },
        { "timestamp to timestamptz", Postgres, "AlterColumn", $"{TableRewriteRule.Code} warning" },
        { "nullable column made required", Postgres, "AlterColumn", $"{DefaultFilledNotNullRule.Code} warning" },
        { "nullable column made required", SqlServer, "AlterColumn", $"{DefaultFilledNotNullRule.Code} warning" },
        { "nullable column made required", Sqlite, "AlterColumn", $"{DefaultFilledNotNullRule.Code} warning, {TableRewriteRule.Code} warning" },
        { "required column made optional", Postgres, "AlterColumn", $"{ColumnMadeNullableRule.Code} warning" },
        { "required column made optional", SqlServer, "AlterColumn", $"{ColumnMadeNullableRule.Code} warning" },
        { "required column made optional", Sqlite, "AlterColumn", $"{ColumnMadeNullableRule.Code} warning, {TableRewriteRule.Code} warning" },
        { "column dropped", Postgres, "DropColumn", $"{DropColumnRule.Code} error" },
        { "column dropped", SqlServer, "DropColumn", $"{DropColumnRule.Code} error" },
        { "column dropped", Sqlite, "DropColumn", $"{DropColumnRule.Code} error" },
        { "table dropped", Postgres, "DropTable", $"{DropTableRule.Code} error" },
        { "table dropped", SqlServer, "DropTable", $"{DropTableRule.Code} error" },
        { "table dropped", Sqlite, "DropTable", $"{DropTableRule.Code} error" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_scaffolded_case_gets_exactly_its_findings(string name, string provider, string operations, string expected)
    {
        var (before, after) = Case(name, provider);
        var (up, down) = Diff(provider, name, before, after);

        // The operations first: a case whose change EF Core doesn't scaffold as meant would pass "no finding" vacuously.
        string.Join(", ", up.Select(o => o.GetType().Name.Replace("Operation", string.Empty, StringComparison.Ordinal))).Should().Be(operations);
        LockRuleTests.ShouldFindExactly(new MigrationScope("20240101000000_Test", "Test", provider, up, down, null), expected);
    }

    [Fact]
    public void SQL_Server_fills_a_column_made_required_in_one_unbatched_UPDATE_as_MIG206_says()
    {
        SqlServerSql("nullable column made required").Should().Contain("UPDATE [Orders] SET [Region] = N'' WHERE [Region] IS NULL;");
    }

    [Fact]
    public void SQL_Server_builds_a_unique_index_online_only_with_IsCreatedOnline_which_MIG401_reads()
    {
        SqlServerSql("unique index added").Should().StartWith("CREATE UNIQUE INDEX [IX_Orders_Number]").And.NotContain("ONLINE");
        SqlServerSql("unique index added concurrently or online").Should().Contain("WITH (ONLINE = ON)");
    }

    private static string SqlServerSql(string name)
    {
        var (before, after) = Case(name, SqlServer);
        return Sql(SqlServer, name, after, Diff(SqlServer, name, before, after).Up);
    }

    /// <summary>The Orders table before and after the case's one change (null: no such table).</summary>
    private static (Shape? Before, Shape? After) Case(string name, string provider)
    {
        string Quoted(string column) => provider == SqlServer ? $"[{column}]" : $"\"{column}\"";
        Shape unchanged = _ => { };
        static string Customer(EntityTypeBuilder<Order> o) => o.Property<int>("CustomerId").Metadata.Name;
        Shape priced = o =>
        {
            o.Property<decimal>("Price");
            o.Property<int>("Quantity");
        };
        Shape Computed(bool stored) => o =>
        {
            priced(o);
            o.Property<decimal>("Total").HasComputedColumnSql($"{Quoted("Price")} * {Quoted("Quantity")}", stored);
        };
        Shape Number(bool unique = false, bool online = false, bool alternateKey = false) => o =>
        {
            o.Property<int>("Number");
            if (alternateKey)
            {
                o.HasAlternateKey("Number");
            }

            if (!unique)
            {
                return;
            }

            var index = o.HasIndex("Number").IsUnique();
            if (online && provider == Postgres)
            {
                index.IsCreatedConcurrently();
            }
            else if (online)
            {
                index.IsCreatedOnline();
            }
        };

        return name switch
        {
            "uuid column with gen_random_uuid()" => (unchanged, o => o.Property<Guid>("PublicId").HasDefaultValueSql("gen_random_uuid()")),
            "timestamp column with now()" => (unchanged, o => o.Property<DateTime>("SeenAt").HasDefaultValueSql("now()")),
            // SQL Server's UseIdentityColumn makes no IDENTITY on a property that isn't generated on add (a key is, by convention).
            "identity column added" => (unchanged,
                o => _ = provider == Postgres ? o.Property<long>("Number").UseIdentityByDefaultColumn()
                    : o.Property<long>("Number").ValueGeneratedOnAdd().UseIdentityColumn()),
            "stored computed column added" => (priced, Computed(stored: true)),
            "virtual computed column added" => (priced, Computed(stored: false)),
            "NOT NULL column with NEWID()" => (unchanged, o => o.Property<Guid>("RowGuid").HasDefaultValueSql("NEWID()")),
            "nullable column with NEWID()" => (unchanged, o => o.Property<Guid?>("RowGuid").HasDefaultValueSql("NEWID()")),
            "table created with an int identity key" => (null, o => o.Property(x => x.Id).ValueGeneratedOnAdd()),
            "primary key added" => (o => o.HasNoKey(), unchanged),
            "index dropped" => (o => o.HasIndex(Customer(o)), o => Customer(o)),
            "unique index added" => (Number(), Number(unique: true)),
            "unique index added concurrently or online" => (Number(), Number(unique: true, online: true)),
            "unique constraint added" => (Number(), Number(alternateKey: true)),
            "varchar(200) to text" => (o => o.Property<string>("Code").HasMaxLength(200), o => o.Property<string>("Code")),
            "varchar(50) to varchar(100)" => (o => o.Property<string>("Code").HasMaxLength(50).IsUnicode(false),
                o => o.Property<string>("Code").HasMaxLength(100).IsUnicode(false)),
            "numeric(10,2) to numeric(12,2)" => (o => o.Property<decimal>("Amount").HasPrecision(10, 2),
                o => o.Property<decimal>("Amount").HasPrecision(12, 2)),
            "integer to bigint" => (o => o.Property<int>("Quantity"), o => o.Property<long>("Quantity")),
            "text to varchar(100)" => (o => o.Property<string>("Code"), o => o.Property<string>("Code").HasMaxLength(100)),
            "timestamp to timestamptz" => (o => o.Property<DateTime>("SeenAt").HasColumnType("timestamp without time zone"),
                o => o.Property<DateTime>("SeenAt")),
            "nullable column made required" => (o => o.Property<string>("Region"), o => o.Property<string>("Region").IsRequired()),
            "required column made optional" => (o => o.Property<string>("Region").IsRequired(), o => o.Property<string>("Region")),
            "column dropped" => (o => o.Property<string>("Notes"), unchanged),
            "table dropped" => (unchanged, null),
            _ => throw new ArgumentException($"No case named '{name}'."),
        };
    }
}
