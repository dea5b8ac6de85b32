using FluentAssertions;
using Migrations.Build.Tests.Infrastructure;

namespace Migrations.Build.Tests.EndToEnd;

/// <summary>
/// Every column type the providers map, at its extremes and NULL, through the path that promises to
/// put data back: a rollback that drops the table (and backs it up first), an upgrade that makes it
/// again, a restore. Each value must come back exactly, compared in the database's own text form.
/// </summary>
[Collection(PackedPackagesCollection.Name)]
public sealed class TypeMatrixTests(PackedPackages packages, PostgresServer server, SqlServerContainer sqlServer)
{
    [Fact]
    public void Every_PostgreSQL_type_comes_back_exactly_after_rollback_upgrade_restore()
    {
        var (app, connection) = EFCoreApp.OnEFCore10("postgres", server, "types");
        using var field = new FieldApp(packages, app, connection);
        Migrated(field, TypeMatrixApp.Postgres);
        server.Execute(connection, TypeMatrixApp.PostgresRows + TypeMatrixApp.TagRows);
        var rowText = "SELECT s::text FROM \"Samples\" s ORDER BY \"Id\"";
        var before = server.Strings(connection, rowText);
        before.Should().HaveCount(5);

        var tags = "SELECT t::text FROM \"Tags\" t ORDER BY 1";
        var tagsBefore = server.Strings(connection, tags);

        var file = RollBackUpgradeRestore(field);

        server.Strings(connection, tags).Should().Equal(tagsBefore, "rows without a key are matched on every column, never added twice");
        server.Strings(connection, rowText).Should().Equal(before, "every value, array element, netmask, range, enum label, "
            + "infinity and extreme date comes back as it was");
        server.Strings(connection, "SELECT \"Ip\"::text FROM \"Samples\" WHERE \"Id\" = 2").Should().Equal("192.168.0.1/24");
        File.ReadAllText(file).Should().Contain("\"storeType\":\"integer[]\",\"text\":true", "the backup says which values are the server's own text");
    }

    [Fact]
    public void Every_SQLite_type_comes_back_exactly_after_rollback_upgrade_restore()
    {
        var (app, connection) = EFCoreApp.OnEFCore10("sqlite", server, "types");
        using var field = new FieldApp(packages, app, connection);
        Migrated(field, TypeMatrixApp.Sqlite);
        var db = Path.Combine(field.Directory, "types.db");
        SqliteFile.Execute(db, TypeMatrixApp.SqliteRows + TypeMatrixApp.TagRows);
        var before = SqliteFile.TypedRows(db, "Samples");
        before.Should().HaveCount(4);

        var tags = SqliteFile.Strings(db, "SELECT quote(Label) || ',' || quote(Weight) FROM Tags ORDER BY 1");

        RollBackUpgradeRestore(field);

        SqliteFile.Strings(db, "SELECT quote(Label) || ',' || quote(Weight) FROM Tags ORDER BY 1").Should()
            .Equal(tags, "rows without a key are matched on every column, never added twice");
        SqliteFile.TypedRows(db, "Samples").Should().Equal(before, "every value keeps its storage class and its exact value");
    }

    [Fact]
    public void Every_SQL_Server_type_comes_back_exactly_after_rollback_upgrade_restore()
    {
        sqlServer.RequireOrSkip();
        var connection = sqlServer.DatabaseConnection("types_" + Guid.NewGuid().ToString("N")[..10]);
        using var field = new FieldApp(packages, EFCoreApp.SqlServer10, connection);
        Migrated(field, TypeMatrixApp.SqlServer);
        SqlServerExecute(connection, TypeMatrixApp.SqlServerRows);

        // Every column as the server prints it (style 127/121 keep every digit), bar the rowversion the server sets anew.
        var rowText = "SELECT CONCAT_WS('|', [Id], CONVERT(varchar(40), [Offset], 127), CONVERT(varchar(40), [When], 121), CONVERT(varchar(20), [Clock]), "
            + "CONVERT(varchar(60), [Exact]), [Uuid], CONVERT(varchar(64), HASHBYTES('SHA2_256', [Bytes]), 2), DATALENGTH([Bytes]), CONVERT(varchar(64), "
            + "HASHBYTES('SHA2_256', [Text]), 2), [Big], CONVERT(varchar(40), [Double], 3), [Flag]) FROM [Samples] ORDER BY [Id]";
        var before = sqlServer.Strings(connection, rowText);
        var tags = "SELECT CONCAT_WS('|', ISNULL([Label], '~'), [Weight]) FROM [Tags] ORDER BY 1";
        var tagsBefore = sqlServer.Strings(connection, tags);

        var file = RollBackUpgradeRestore(field);

        sqlServer.Strings(connection, rowText).Should().Equal(before, "datetimeoffset, datetime2(7), time, decimal(38,10) beyond .NET's decimal, "
            + "max-size values come back exactly");
        sqlServer.Strings(connection, tags).Should().Equal(tagsBefore);
        File.ReadAllText(file).Should().Contain("\"storeType\":\"decimal\",\"text\":true");
    }

    private static void SqlServerExecute(string connection, string sql)
    {
        using var db = new Microsoft.Data.SqlClient.SqlConnection(connection);
        db.Open();
        using var command = new Microsoft.Data.SqlClient.SqlCommand(sql, db);
        command.ExecuteNonQuery();
    }

    /// <summary>Generates the two migrations (Blog, then Samples and Tags) and applies them.</summary>
    private static void Migrated(FieldApp field, TypeMatrixApp.Flavor flavor)
    {
        TypeMatrixApp.AddSamples(field, flavor, mapped: false);
        FieldApp.ShouldSucceed(field.Build("-p:MigrationsCheckOnBuild=false"));
        FieldApp.ShouldSucceed(field.Migrate("revision", "-m", "initial"));
        TypeMatrixApp.AddSamples(field, flavor);
        FieldApp.ShouldSucceed(field.Build("-p:MigrationsCheckOnBuild=false"));
        FieldApp.ShouldSucceed(field.Migrate("revision", "-m", "add samples"));
        FieldApp.ShouldSucceed(field.Build("-p:MigrationsCheckOnBuild=false"));
        FieldApp.ShouldSucceed(field.Migrate("upgrade"));
    }

    /// <summary>The rollback drops Samples after backing it up; the upgrade makes it empty; the restore fills it. Returns the backup.</summary>
    private static string RollBackUpgradeRestore(FieldApp field)
    {
        var rollback = field.Migrate("rollback", "-1", "--force", "--json");
        FieldApp.ShouldSucceed(rollback);
        rollback.Stderr.Should().Contain("Tags has no key: restore will match its rows on all their columns");
        var file = rollback.Json().GetProperty("backupFile").GetString()!;
        FieldApp.ShouldSucceed(field.Migrate("upgrade"));
        var restore = field.Migrate("restore", file, "--json");
        FieldApp.ShouldSucceed(restore);
        restore.Json().GetProperty("tables").EnumerateArray().Should().Contain(t => t.GetProperty("name").GetString() == "Samples");

        // Again, into the filled tables: rows with a key are updated, rows without one are already all there.
        var again = field.Migrate("restore", file, "--json");
        FieldApp.ShouldSucceed(again);
        again.Json().GetProperty("tables").EnumerateArray().Single(t => t.GetProperty("name").GetString() == "Tags")
            .GetProperty("inserted").GetInt64().Should().Be(0);
        return file;
    }
}
