using System.Data.Common;
using FluentAssertions;
using Migrations.Build.Engine.Validate;
using Migrations.Build.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace Migrations.Build.Tests.Integration;

/// <summary>
/// The rows at risk of a narrowing change are the values that no longer fit, counted by the
/// condition validate runs, on real databases, against counts worked out by hand.
/// </summary>
public sealed class NarrowedValuesTests(PostgresServer server)
{
    private static readonly AlterColumnOperation Shorter = new()
    {
        Table = "t", Name = "s", ClrType = typeof(string), MaxLength = 5,
        OldColumn = new AddColumnOperation { Table = "t", Name = "s", ClrType = typeof(string), MaxLength = 50 },
    };

    private static readonly AlterColumnOperation LessPrecise = new()
    {
        Table = "t", Name = "d", ClrType = typeof(decimal), ColumnType = "numeric(5,1)",
        OldColumn = new AddColumnOperation { Table = "t", Name = "d", ClrType = typeof(decimal), ColumnType = "numeric(10,2)" },
    };

    private static readonly AlterColumnOperation SmallerInteger = new()
    {
        Table = "t", Name = "i", ClrType = typeof(short),
        OldColumn = new AddColumnOperation { Table = "t", Name = "i", ClrType = typeof(long) },
    };

    // s: 'abcde' fits, 'abcdef' and 'ünïcødé!' don't (2); d: 1234.5 fits, 12345.0 (too big) and 1.25 (scale) don't (2);
    // i: 32767 fits, 32768 and -40000 don't (2); nulls never count.
    private const string Rows = "('abcde', 1234.5, 32767), ('abcdef', 12345.0, 32768), ('ünïcødé!', 1.25, -40000), (NULL, NULL, NULL)";

    [Fact]
    public void On_SQLite_only_the_values_that_no_longer_fit_are_counted()
    {
        using var db = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=:memory:");
        db.Open();
        Run(db, "CREATE TABLE t (s TEXT, d TEXT, i INTEGER); INSERT INTO t "
            + $"VALUES {Rows.Replace("1234.5,", "'1234.5',").Replace("12345.0,", "'12345.0',").Replace("1.25,", "'1.25',")}");

        Count(db, Shorter, "\"s\"", "Microsoft.EntityFrameworkCore.Sqlite").Should().Be(2);
        Count(db, LessPrecise, "\"d\"", "Microsoft.EntityFrameworkCore.Sqlite").Should().Be(2);
        Count(db, SmallerInteger, "\"i\"", "Microsoft.EntityFrameworkCore.Sqlite").Should().Be(2);
    }

    [Fact]
    public void On_PostgreSQL_only_the_values_that_no_longer_fit_are_counted()
    {
        server.RequireOrSkip();
        var connection = server.DatabaseConnection("narrowed_" + Guid.NewGuid().ToString("N")[..8]);
        server.Execute(server.AdminConnection!, $"CREATE DATABASE \"{new Npgsql.NpgsqlConnectionStringBuilder(connection).Database}\"");
        using var db = new Npgsql.NpgsqlConnection(connection);
        db.Open();
        Run(db, $"CREATE TABLE t (s text, d numeric(10,2), i bigint); INSERT INTO t VALUES {Rows}");

        Count(db, Shorter, "\"s\"", "Npgsql.EntityFrameworkCore.PostgreSQL").Should().Be(2);
        Count(db, LessPrecise, "\"d\"", "Npgsql.EntityFrameworkCore.PostgreSQL").Should().Be(2);
        Count(db, SmallerInteger, "\"i\"", "Npgsql.EntityFrameworkCore.PostgreSQL").Should().Be(2);
    }

    private static long Count(DbConnection db, AlterColumnOperation alter, string column, string provider)
    {
        using var command = db.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM t WHERE {NarrowedValues.Condition(alter, column, provider)}";
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void Run(DbConnection db, string sql)
    {
        using var command = db.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
