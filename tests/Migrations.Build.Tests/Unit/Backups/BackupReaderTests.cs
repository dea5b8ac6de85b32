using System.Text;
using FluentAssertions;
using Migrations.Build.Protocol.Backups;

namespace Migrations.Build.Tests.Unit.Backups;

public sealed class BackupReaderTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("backup-reader-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static string Sha(IEnumerable<string> rows)
        => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(string.Concat(rows.Select(r => r + "\n")))));

    private string Write(int rows, int padding = 0)
    {
        var lines = Enumerable.Range(1, rows).Select(i => $"[{i},\"{new string('x', padding)}row {i} ✓\",null]").ToList();
        var text = "{\"format\":\"migrations-build-backup\",\"version\":1,\"createdAt\":\"2026-01-01T00:00:00Z\",\"migration\":null,\"tables\":["
            + "{\"name\":\"T\",\"schema\":null,\"columns\":[{\"name\":\"Id\",\"type\":\"Int64\"},"
            + "{\"name\":\"S\",\"type\":\"String\"},{\"name\":\"N\",\"type\":\"String\"}],"
            + $"\"rows\":[{string.Join(",", lines)}],\"rowCount\":{rows},\"sha256\":\"{Sha(lines)}\"}}],\"complete\":true}}";
        var path = Path.Combine(_folder, $"b{rows}-{padding}.json");
        File.WriteAllText(path, text);
        return path;
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(3, 0)]
    [InlineData(20_000, 0)]
    [InlineData(5, 200_000)]
    public void Streams_the_header_tables_and_rows_and_checks_each_checksum(int rows, int padding)
    {
        using var reader = BackupReader.Open(Write(rows, padding), key: null);

        reader.Header["migration"].Should().BeNull();
        reader.Header["createdAt"].Should().Be("2026-01-01T00:00:00Z");
        var table = reader.Tables().First(); // the rows stream: read them before moving on
        table.Columns.Select(c => c.Name).Should().Equal("Id", "S", "N");
        var read = table.Rows().Select(r => r[0].GetInt64()).ToList();
        read.Should().Equal(Enumerable.Range(1, rows).Select(i => (long)i));
        table.ChecksumOk.Should().BeTrue();
        reader.Tables().Should().BeEmpty("one table");
        reader.Complete.Should().BeTrue();
    }
}
