using FluentAssertions;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Migrations.Build.Engine.Safety.RawSql;

namespace Migrations.Build.Tests.Unit.Safety;

/// <summary>
/// The raw SQL recogniser: each statement form in each provider's quoting becomes the operation it
/// performs, written here as "DropColumn app.Users.Email", "DropTable Users", "Delete Users (all)";
/// what it can't read stays raw SQL ("Sql").
/// </summary>
public sealed class RawSqlStatementsTests
{
    public static TheoryData<string, string> Recognised => new()
    {
        { "ALTER TABLE Users DROP COLUMN NormalizedUsername", "DropColumn Users.NormalizedUsername" },
        { "alter table \"Users\" drop column \"NormalizedUsername\";", "DropColumn Users.NormalizedUsername" },
        { "ALTER TABLE [dbo].[Users] DROP COLUMN [Email]", "DropColumn dbo.Users.Email" },
        { "ALTER TABLE `Users` DROP COLUMN `Email`", "DropColumn Users.Email" },
        { "ALTER TABLE IF EXISTS ONLY \"app\".\"Users\" DROP COLUMN IF EXISTS \"Email\" CASCADE", "DropColumn app.Users.Email" },
        { "ALTER TABLE \"Users\" DROP \"Email\"", "DropColumn Users.Email" },
        { "ALTER TABLE [Users] DROP COLUMN [A], [B]", "DropColumn Users.A | DropColumn Users.B" },
        { "ALTER TABLE \"Users\" DROP COLUMN \"A\", DROP COLUMN \"B\"", "DropColumn Users.A | DropColumn Users.B" },
        { "ALTER TABLE [db].[dbo].[Users] DROP COLUMN [Email]", "DropColumn dbo.Users.Email" },
        { "DROP TABLE \"Orders\"", "DropTable Orders" },
        { "DROP TABLE IF EXISTS [sales].[Orders], [sales].[Lines]", "DropTable sales.Orders | DropTable sales.Lines" },
        { "drop table `Orders` cascade", "DropTable Orders" },
        { "TRUNCATE TABLE \"AuditLog\"", "Truncate AuditLog (all)" },
        { "TRUNCATE ONLY \"a\", \"b\" RESTART IDENTITY CASCADE", "Truncate a (all) | Truncate b (all)" },
        { "DELETE FROM \"Users\"", "Delete Users (all)" },
        { "DELETE [dbo].[Users]", "Delete dbo.Users (all)" },
        { "DELETE FROM `Users` WHERE `Id` > 3", "Delete Users (some)" },
        { "DELETE FROM \"Users\" u WHERE u.\"Id\" IN (SELECT 1)", "Delete Users (some)" },
        { "UPDATE \"Users\" SET \"Name\" = ''", "Update Users (all)" },
        { "UPDATE [Users] SET [Name] = (SELECT TOP 1 [Name] FROM [Other] WHERE [Id] = 1)", "Update Users (all)" },
        { "-- clean up\nDELETE /* all of them */ FROM \"Users\"; -- done", "Delete Users (all)" },
        { "BEGIN;\nDELETE FROM \"Users\";\nCOMMIT;", "Delete Users (all)" },
        { "DELETE FROM \"Logs\";\nDROP TABLE \"Logs\";", "Delete Logs (all) | DropTable Logs" },
        { "DELETE FROM Users\nGO\nDROP TABLE Users\nGO", "Delete Users (all) | DropTable Users" },
        { "WITH old AS (SELECT 1) DELETE FROM \"Logs\" WHERE 1 = 1", "Delete Logs (some)" },
    };

    public static TheoryData<string> NotRecognised => new()
    {
        "ALTER TABLE \"Users\" DROP CONSTRAINT \"FK_Users_Roles\"",
        "ALTER TABLE [Users] DROP COLUMN [A], ADD [B] int",
        "ALTER TABLE \"Users\" ADD COLUMN \"B\" integer",
        "UPDATE \"Users\" SET \"Name\" = '' WHERE \"Name\" IS NULL",
        "UPDATE u SET Name = '' FROM Users u JOIN Roles r ON r.Id = u.RoleId",
        "DROP INDEX \"IX_Users_Name\"",
        "DROP VIEW \"ActiveUsers\"",
        "INSERT INTO \"Users\" (\"Name\") VALUES ('DELETE FROM Users; DROP TABLE Users')",
        "DO $$ BEGIN DELETE FROM \"Users\"; END $$",
        "DELETE FROM \"__EFMigrationsHistory\" WHERE \"MigrationId\" = '1'",
        "DELETE FROM __EFMigrationsHistory",
        "DROP TABLE \"__EFMigrationsLock\"",
    };

    [Theory]
    [MemberData(nameof(Recognised))]
    public void Reads_the_statement_as_the_operation_it_performs(string sql, string expected)
        => Describe(new RawSqlStatements(postgreSql: false).Expand(new SqlOperation { Sql = sql })).Should().Be(expected);

    [Theory]
    [MemberData(nameof(NotRecognised))]
    public void Leaves_the_rest_raw(string sql)
    {
        var original = new SqlOperation { Sql = sql };
        new RawSqlStatements(postgreSql: false).Expand(original).Should().ContainSingle().Which.Should().BeSameAs(original);
    }

    [Fact]
    public void Keeps_the_unrecognised_statements_of_a_call_as_raw_sql_after_the_recognised_ones()
    {
        var ops = new RawSqlStatements(postgreSql: false).Expand(new SqlOperation { Sql = "CREATE INDEX ix ON t (a);\nDELETE FROM t;\nVACUUM;" });

        Describe(ops).Should().Be("Delete t (all) | Sql");
        ops[^1].As<SqlOperation>().Sql.Should().Be("CREATE INDEX ix ON t (a);\nVACUUM;");
    }

    [Fact]
    public void Folds_unquoted_names_to_lower_case_on_PostgreSQL_only()
    {
        Describe(new RawSqlStatements(postgreSql: true).Expand(new SqlOperation { Sql = "ALTER TABLE app.Users DROP COLUMN \"Email\", DROP COLUMN Name" }))
            .Should().Be("DropColumn app.users.Email | DropColumn app.users.name");
    }

    [Fact]
    public void Skips_the_history_table_by_its_configured_name()
    {
        var statements = new RawSqlStatements(postgreSql: false, historyTable: "MigrationLog");

        Describe(statements.Expand(new SqlOperation { Sql = "DELETE FROM \"MigrationLog\"" })).Should().Be("Sql");
        Describe(statements.Expand(new SqlOperation { Sql = "DELETE FROM \"__EFMigrationsHistory\"" })).Should().Be("Delete __EFMigrationsHistory (all)");
    }

    [Fact]
    public void A_delete_keeps_its_from_and_where_for_counting_only_when_a_select_can_reuse_them()
    {
        RawRowsOperation One(string sql) => new RawSqlStatements(postgreSql: false).Expand(new SqlOperation { Sql = sql }).Cast<RawRowsOperation>().Single();

        One("DELETE FROM \"Users\" WHERE \"Id\" > 3; -- old").CountFrom.Should().Be("\"Users\" WHERE \"Id\" > 3");
        One("DELETE FROM Users AS u WHERE u.Id > 3").CountFrom.Should().Be("Users AS u WHERE u.Id > 3");
        One("DELETE FROM \"Users\" RETURNING \"Id\"").CountFrom.Should().BeNull();
        One("DELETE TOP (10) FROM [Users]").Should().Match<RawRowsOperation>(o => o.CountFrom == null && o.Filtered);
        One("DELETE u FROM Users u JOIN Roles r ON r.Id = u.RoleId").Should().Match<RawRowsOperation>(o => o.CountFrom == null && o.Filtered);
    }

    private static string Describe(IEnumerable<MigrationOperation> operations) => string.Join(" | ", operations.Select(o => o switch
    {
        DropColumnOperation c => $"DropColumn {Name(c.Table, c.Schema)}.{c.Name}",
        DropTableOperation t => $"DropTable {Name(t.Name, t.Schema)}",
        RawRowsOperation r => $"{r.Kind} {Name(r.Table!, r.Schema)} ({(r.Filtered ? "some" : "all")})",
        SqlOperation => "Sql",
        _ => o.GetType().Name,
    }));

    private static string Name(string table, string? schema) => schema is null ? table : $"{schema}.{table}";
}
