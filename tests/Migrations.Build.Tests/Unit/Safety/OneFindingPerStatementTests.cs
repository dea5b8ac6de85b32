using FluentAssertions;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Migrations.Build.Engine.Safety;
using static Migrations.Build.Tests.Unit.Safety.Providers;

namespace Migrations.Build.Tests.Unit.Safety;

/// <summary>
/// Every rule at once, as lint runs them, on constructed migrations: each statement gets one
/// finding, the most specific rule's; a rebuilt SQLite table one MIG402; a schema move is a move.
/// </summary>
public sealed class OneFindingPerStatementTests
{
    private static List<string> Findings(string provider, params MigrationOperation[] up)
    {
        var scope = new MigrationScope("20240101000000_Test", "Test", provider, up, [new SqlOperation { Sql = "-- back" }], null);
        return SafetyRules.All
            .SelectMany(rule => scope.Analyzed.SelectMany(op => rule.Check(op, scope)).Concat(rule.CheckMigration(scope))
                .Select(hit => $"{rule.Id} {hit.Message}"))
            .ToList();
    }

    [Theory]
    [InlineData("DELETE FROM \"Loans\"", "MIG105 Raw SQL deletes every row of Loans (DELETE without WHERE): DELETE FROM \"Loans\"")]
    [InlineData("delete from Loans where Returned = 1", "MIG105 Raw SQL deletes rows from Loans: delete from Loans where Returned = 1")]
    [InlineData("TRUNCATE TABLE [Loans]", "MIG105 Raw SQL empties Loans: TRUNCATE TABLE [Loans]")]
    [InlineData("UPDATE `Loans` SET `Note` = NULL", "MIG105 Raw SQL overwrites every row of Loans (UPDATE without WHERE): UPDATE `Loans` SET `Note` = NULL")]
    [InlineData("ALTER TABLE Users DROP COLUMN NormalizedUsername", "MIG102 Column Users.NormalizedUsername is dropped with all its values.")]
    [InlineData("DROP TABLE IF EXISTS \"app\".\"Users\"", "MIG101 Table app.Users is dropped with all its rows.")]
    [InlineData("DELETE FROM \"__EFMigrationsHistory\"", "MIG501 Raw SQL runs: DELETE FROM \"__EFMigrationsHistory\"")]
    [InlineData("UPDATE Loans SET Note = NULL WHERE Id = 1", "MIG501 Raw SQL runs: UPDATE Loans SET Note = NULL WHERE Id = 1")]
    public void A_raw_statement_gets_the_most_specific_finding_only(string sql, string expected)
        => Findings(Sqlite, new SqlOperation { Sql = sql }).Should().Equal(expected);

    [Fact]
    public void Several_statements_in_one_call_get_one_finding_each_and_the_unread_ones_one_MIG501()
        => Findings(Sqlite, new SqlOperation { Sql = "BEGIN;\nDELETE FROM Loans;\nALTER TABLE Users DROP COLUMN Nick;\nCREATE VIEW v AS SELECT 1;\nCOMMIT;" })
            .Should().Equal(
            "MIG102 Column Users.Nick is dropped with all its values.",
            "MIG105 Raw SQL deletes every row of Loans (DELETE without WHERE): DELETE FROM Loans",
            "MIG501 Raw SQL runs: CREATE VIEW v AS SELECT 1;");

    [Fact]
    public void A_SQLite_table_rebuilt_for_several_columns_is_one_MIG402_naming_them()
    {
        var alters = new[] { "A", "B", "C" }.Select(c => new AlterColumnOperation
        {
            Table = "Wide", Name = c, ClrType = typeof(string), ColumnType = "TEXT", MaxLength = 100, IsNullable = true,
            OldColumn = new AddColumnOperation { Table = "Wide", Name = c, ClrType = typeof(string), ColumnType = "TEXT", MaxLength = 50, IsNullable = true },
        }).ToArray<MigrationOperation>();

        Findings(Sqlite, alters).Should().Equal("MIG402 Changing 3 columns of Wide (A, B, C) makes EF Core rebuild table Wide on SQLite (copy of every row).");
        Findings(Sqlite, alters[0]).Should().Equal("MIG402 Changing column Wide.A makes EF Core rebuild table Wide on SQLite (copy of every row).");
    }

    [Fact]
    public void A_narrowing_type_change_is_MIG104_only_and_a_widening_one_MIG402()
    {
        AlterColumnOperation Alter(Type oldClr, string oldType, Type clr, string type) => new()
        {
            Table = "Loans", Name = "Days", ClrType = clr, ColumnType = type,
            OldColumn = new AddColumnOperation { Table = "Loans", Name = "Days", ClrType = oldClr, ColumnType = oldType },
        };

        Findings(Postgres, Alter(typeof(int), "integer", typeof(short), "smallint"))
            .Should().Equal("MIG104 Column Loans.Days is narrowed (Int32 -> Int16); values that don't fit are cut or the migration fails.");
        Findings(Postgres, Alter(typeof(int), "integer", typeof(long), "bigint"))
            .Should().Equal("MIG402 Column Loans.Days changes type (integer -> bigint); the table is rewritten and locked meanwhile.");
    }

    [Theory]
    [InlineData(Postgres, "identity", "MIG301 Table app.Users moves to schema identity; the running version still looks for it in the old schema.")]
    [InlineData(SqlServer, null, "MIG301 Table app.Users moves to the default schema; the running version still looks for it in the old schema.")]
    [InlineData(Postgres, null, null)] // Npgsql generates nothing for a null NewSchema (SchemaMoveSqlTests)
    [InlineData(Sqlite, "identity", null)]
    [InlineData(Sqlite, null, null)]
    public void A_schema_move_is_described_as_one_and_is_nothing_on_SQLite(string provider, string? newSchema, string? expected)
        => Findings(provider, new RenameTableOperation { Name = "Users", Schema = "app", NewName = "Users", NewSchema = newSchema })
            .Should().Equal(expected is null ? [] : [expected]);

    [Fact]
    public void A_rename_and_a_move_says_both_and_a_rename_on_PostgreSQL_stays_in_its_schema()
    {
        Findings(Postgres, new RenameTableOperation { Name = "Users", Schema = "app", NewName = "Accounts", NewSchema = "identity" })
            .Should().Equal("MIG301 Table app.Users is renamed to Accounts and moves to schema identity; the running version still uses the old name.");
        Findings(Postgres, new RenameTableOperation { Name = "Users", Schema = "app", NewName = "Accounts" })
            .Should().Equal("MIG301 Table app.Users is renamed to app.Accounts; the running version still uses the old name.");
    }
}
