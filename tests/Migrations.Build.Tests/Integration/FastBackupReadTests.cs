using System.Data.Common;
using FluentAssertions;
using Migrations.Build.Engine.Backup;
using Migrations.Build.Engine.Data;
using Migrations.Build.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace Migrations.Build.Tests.Integration;

/// <summary>
/// Backups read PostgreSQL with COPY and SQLite through its statement API; the file must be byte for byte
/// the one the plain ADO.NET read writes, for every type and odd value, so restore sees no difference.
/// </summary>
public sealed class FastBackupReadTests(PostgresServer server) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("fast-backup-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void PostgreSQL_COPY_writes_the_same_bytes_as_the_row_by_row_read()
    {
        server.RequireOrSkip();
        var table = "mixed_" + Guid.NewGuid().ToString("N")[..8];
        server.Execute(server.AdminConnection!, $$"""
            CREATE TYPE {{table}}_mood AS ENUM ('happy', 'sad');
            CREATE TABLE {{table}} (id serial PRIMARY KEY, small smallint, big bigint, flag boolean, single real, double double precision,
              text text, short varchar(20), fixed char(5), letter "char", label name, uuid uuid, bytes bytea, doc jsonb, json json,
              exact numeric, wide numeric(40, 20), utc timestamptz, local timestamp, day date, wait interval, cash money, ip inet,
              ints int[], texts text[], mood {{table}}_mood, bits varbit, span int4range);
            INSERT INTO {{table}} (small) VALUES (NULL);
            INSERT INTO {{table}} (small, big, flag, single, double, text, short, fixed, letter, label, uuid, bytes, doc, json, exact, wide, utc, local, day,
              wait, cash, ip, ints, texts, mood, bits, span)
            VALUES (-32768, -9223372036854775808, false, -3.4028235e38, -1.7976931348623157e308, E'tab\there\nnew "line" \\ \u2028 ü ✓ 😀 <&>',
              'short', 'ab', 'x', 'label', '00000000-0000-0000-0000-000000000000', '\x00ff', '{"b": 1, "a": [1, 2]}', '{"b": 1,  "a": [1, 2]}',
              '-99999999999999999999.999999999999999999', 1.5, '0001-01-01 00:00:00+00', '0001-01-01 00:00:00', '0001-01-01', '-1 years +2 mons -3 days 04:05:06.789',
              '-92233720368547758.08', '192.168.0.1/24', '{1,NULL,-2147483648}', '{a,NULL,"ü ✓","with,comma",""}', 'sad', B'1011', '[1,10)'),
              (32767, 9223372036854775807, true, 1.4e-45, 5e-324, '', '', '', '', '', 'ffffffff-ffff-ffff-ffff-ffffffffffff', '\x', '{}', '[]',
              'NaN', 0, 'infinity', '-infinity', 'infinity', '178000000 years', 0, '::1', '{}', '{}', 'happy', B'', 'empty'),
              (0, 0, NULL, 'NaN', 'Infinity', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
              (1, 1, NULL, '-Infinity', '-0', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
            INSERT INTO {{table}} (big, text, bytes) SELECT i, repeat('x', i % 50), decode(repeat('ab', i % 30), 'hex') FROM generate_series(1, 25000) AS i;
            """);
        using var connection = new Npgsql.NpgsqlConnection(server.AdminConnection);

        var (fast, plain) = BothWays(connection, "Npgsql.EntityFrameworkCore.PostgreSQL", o => o.UseNpgsql(server.AdminConnection), table);

        fast.Should().Be(typeof(PostgresCopyRows), "the test must compare COPY with the row-by-row read");
        File.ReadAllBytes(Path.Combine(_folder, "fast.json")).Should().Equal(File.ReadAllBytes(Path.Combine(_folder, "plain.json")));
        plain.Should().Be(25005);
    }

    [Theory]
    [InlineData("UTF-8")]
    [InlineData("UTF-16le")] // text is stored as UTF-16: the reads must give it as UTF-8, not its stored bytes
    public void SQLite_statement_reads_write_the_same_bytes_as_the_row_by_row_read(string encoding)
    {
        var db = $"Data Source={Path.Combine(_folder, $"mixed-{encoding}.db")};Pooling=False";
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection(db);
        connection.Open();
        using (var create = connection.CreateCommand())
        {
            // Storage classes mix within a column, as SQLite allows: every read must keep each value's own.
            create.CommandText = $"""
                PRAGMA encoding = '{encoding}';
                CREATE TABLE Mixed (Id INTEGER PRIMARY KEY, Big INTEGER, Double REAL, Text TEXT, Bytes BLOB, Anything);
                INSERT INTO Mixed (Id) VALUES (1);
                INSERT INTO Mixed VALUES (2, -9223372036854775808, -1.7976931348623157e308, 'tab	here' || char(10) || 'ü ✓ 😀 "<&>" ' || char(0) || ' nul', x'00ff', 1.5);
                INSERT INTO Mixed VALUES (3, 9223372036854775807, 4.9406564584124654e-324, '', x'', 'text');
                INSERT INTO Mixed VALUES (4, 0, 9e999, CAST(x'ff41c3' AS TEXT), zeroblob(100000), x'0102');
                INSERT INTO Mixed VALUES (5, 1, -9e999, char(8232) || '\', NULL, 42);
                INSERT INTO Mixed VALUES (6, 2, -0.0, '-0', x'41', NULL);
                WITH RECURSIVE s(i) AS (SELECT 7 UNION ALL SELECT i + 1 FROM s WHERE i < 25000)
                INSERT INTO Mixed (Id, Big, Text, Double) SELECT i, i * 7, 'Member ' || i, i / 3.0 FROM s;
                """;
            create.ExecuteNonQuery();
            create.CommandText = "PRAGMA encoding";
            create.ExecuteScalar().Should().Be(encoding, "the database's text is stored in the encoding under test");
        }

        connection.Close();

        var (fast, plain) = BothWays(connection, "Microsoft.EntityFrameworkCore.Sqlite", o => o.UseSqlite(db), "Mixed");

        fast.Should().Be(typeof(SqliteStatementRows), "the test must compare SQLite's statement API with the row-by-row read");
        File.ReadAllBytes(Path.Combine(_folder, "fast.json")).Should().Equal(File.ReadAllBytes(Path.Combine(_folder, "plain.json")));
        plain.Should().Be(25000);
    }

    /// <summary>
    /// Backs the table up into fast.json by <see cref="TableRows.Open"/> and into plain.json by a plain reader over
    /// the same select; returns the fast reader's type and the rows written.
    /// </summary>
    private (Type Fast, long Rows) BothWays(DbConnection connection, string provider, Action<DbContextOptionsBuilder> use, string table)
    {
        var options = new DbContextOptionsBuilder();
        use(options);
        using var context = new DbContext(options.Options);
        var dialect = DataDialect.For(provider, context.GetService<ISqlGenerationHelper>());
        connection.Open();
        dialect.Prepare(connection);
        var columns = TableColumns.Read(connection, dialect, table, null)!;
        var select = TableColumns.Select(dialect, table, null, columns);
        var header = new Dictionary<string, string?> { ["reason"] = "test" };

        Type fast;
        using (var writer = new BackupWriter(Path.Combine(_folder, "fast.json"), header))
        {
            using var rows = TableRows.Open(connection, select);
            fast = rows.GetType();
            writer.WriteTable(table, null, rows, columns);
            writer.Complete();
        }

        long written;
        using (var writer = new BackupWriter(Path.Combine(_folder, "plain.json"), header))
        {
            using var command = connection.CreateCommand();
            command.CommandText = select;
            using var reader = command.ExecuteReader();
            written = writer.WriteTable(table, null, reader, columns);
            writer.Complete();
        }

        connection.Close();
        return (fast, written);
    }
}
