using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace Migrations.Build.Tests.Unit.Safety;

/// <summary>
/// What the providers generate for a RenameTable that only changes the schema, which MIG301 relies on:
/// SQL Server moves a table with a null NewSchema to the default schema, Npgsql generates nothing for it.
/// </summary>
public sealed class SchemaMoveSqlTests
{
    private static readonly RenameTableOperation ToDefault = new() { Name = "Users", Schema = "app", NewName = "Users" };
    private static readonly RenameTableOperation ToIdentity = new() { Name = "Users", Schema = "app", NewName = "Users", NewSchema = "identity" };

    [Fact]
    public void SQL_Server_moves_a_table_to_the_default_schema_for_a_null_NewSchema()
    {
        Sql(b => b.UseSqlServer("Server=unused"), ToDefault).Should().Contain("SCHEMA_NAME()").And.Contain("TRANSFER [app].[Users]");
        Sql(b => b.UseSqlServer("Server=unused"), ToIdentity).Should().Be("ALTER SCHEMA [identity] TRANSFER [app].[Users];");
    }

    [Fact]
    public void Npgsql_leaves_a_table_in_its_schema_for_a_null_NewSchema()
    {
        Sql(b => b.UseNpgsql("Host=unused"), ToDefault).Should().BeEmpty();
        Sql(b => b.UseNpgsql("Host=unused"), ToIdentity).Should().Be("ALTER TABLE app.\"Users\" SET SCHEMA identity;");
    }

    /// <summary>The SQL as a migration with a target model (a scaffolded one) generates it.</summary>
    private static string Sql(Action<DbContextOptionsBuilder> provider, MigrationOperation operation)
    {
        var options = new DbContextOptionsBuilder();
        provider(options);
        using var context = new OneTable(options.Options);
        var model = context.GetService<IDesignTimeModel>().Model;
        return string.Join("\n", context.GetService<IMigrationsSqlGenerator>().Generate([operation], model).Select(c => c.CommandText.Trim()));
    }

    private sealed class OneTable(DbContextOptions options) : DbContext(options)
    {
        public DbSet<Row> Rows => Set<Row>();
    }

    private sealed class Row
    {
        public int Id { get; set; }
    }
}
