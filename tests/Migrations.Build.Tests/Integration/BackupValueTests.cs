using System.Text.Json;
using FluentAssertions;
using Migrations.Build.Engine.Backup;
using Migrations.Build.Engine.Data;
using Migrations.Build.Engine.Restore;
using Migrations.Build.Protocol.Backups;
using Migrations.Build.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Migrations.Build.Tests.Integration;

/// <summary>PostgreSQL values beyond the common types: arrays and bit strings keep their elements, never written as a type's name.</summary>
public sealed class BackupValueTests(PostgresServer server) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("backup-values-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private Npgsql.NpgsqlConnection Open()
    {
        server.RequireOrSkip();
        var connection = new Npgsql.NpgsqlConnection(server.AdminConnection);
        connection.Open();
        return connection;
    }

    [Fact]
    public void Arrays_are_backed_up_as_arrays_and_read_back_into_arrays()
    {
        var path = BackUp("Values", "SELECT ARRAY[1, 2, 4] AS ints, ARRAY['a', 'ü ✓'] AS texts, '{\"x\": 1}'::jsonb AS doc");

        using var backup = BackupReader.Open(path, key: null);
        var row = backup.Tables().First().Rows().Single();
        row[0].GetRawText().Should().Be("[1,2,4]");
        row[1].EnumerateArray().Select(e => e.GetString()).Should().Equal("a", "ü ✓");
        JsonDocument.Parse(row[2].GetString()!).RootElement.GetProperty("x").GetInt32().Should().Be(1, "jsonb keeps its document as text");
        ((int[])ValueReader.Read(row[0], typeof(int[]), "Int32[]")).Should().Equal(1, 2, 4);
        ((string[])ValueReader.Read(row[1], typeof(string[]), "String[]")).Should().Equal("a", "ü ✓");
    }

    [Fact]
    public void Bit_strings_are_kept_as_arrays_of_bits()
    {
        var path = BackUp("Flags", "SELECT B'1011'::varbit AS bits");

        using var backup = BackupReader.Open(path, key: null);
        backup.Tables().First().Rows().Single()[0].GetRawText().Should().Be("[true,false,true,true]");
    }

    /// <summary>A backup file of one table: the single row <paramref name="select"/> gives.</summary>
    private string BackUp(string table, string select)
    {
        using var db = Open();
        using var command = new Npgsql.NpgsqlCommand(select, db);
        var path = Path.Combine(_folder, $"{table}_20260101_000000.json");
        using var writer = new BackupWriter(path, new Dictionary<string, string?> { ["reason"] = "test" });
        using var reader = command.ExecuteReader();
        writer.WriteTable(table, null, reader).Should().Be(1);
        writer.Complete();
        return path;
    }

    [Fact]
    public void Json_and_enum_columns_take_restored_text_with_a_cast()
    {
        using var db = Open();
        var table = "restore_" + Guid.NewGuid().ToString("N")[..8];
        using (var create = new Npgsql.NpgsqlCommand($"CREATE TYPE {table}_mood AS ENUM ('happy', 'sad'); "
            + $"CREATE TABLE {table} (id int PRIMARY KEY, doc jsonb, mood {table}_mood)", db))
        {
            create.ExecuteNonQuery();
        }

        using var context = new Microsoft.EntityFrameworkCore.DbContext(new Microsoft.EntityFrameworkCore.DbContextOptionsBuilder()
            .UseNpgsql(server.AdminConnection).Options);
        var sql = Microsoft.EntityFrameworkCore.Infrastructure.AccessorExtensions
            .GetService<Microsoft.EntityFrameworkCore.Storage.ISqlGenerationHelper>(context);
        var target = RestoreTarget.Describe(db, DataDialect.For("Npgsql.EntityFrameworkCore.PostgreSQL", sql), table, null,
            [new("id", "Int32"), new("doc", "String"), new("mood", "String")], ["id"])!;
        var rows = new[] { "[1,\"{\\\"x\\\": 1}\",\"happy\"]", "[2,null,\"sad\"]" }.Select(r => JsonDocument.Parse(r).RootElement.Clone());

        using var transaction = db.BeginTransaction();
        var (inserted, _) = new TableRestorer(db, sql, DataDialect.For("Npgsql.EntityFrameworkCore.PostgreSQL", sql))
            .Restore(target, rows, transaction, _ => { });
        transaction.Commit();

        inserted.Should().Be(2);
        server.Strings(server.AdminConnection!, $"SELECT (doc->>'x') || ' ' || mood::text FROM {table} WHERE id = 1").Should().Equal("1 happy");
    }
}
