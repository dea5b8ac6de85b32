using FluentAssertions;
using Migrations.Build.Engine.Backup;
using Microsoft.Data.Sqlite;

namespace Migrations.Build.Tests.Unit.Backups;

/// <summary>A database that fails in the middle of a backup leaves no file that could pass for a backup.</summary>
public sealed class BackupWriterTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("backup-writer-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_read_that_fails_mid_table_removes_the_partial_file()
    {
        using var db = new SqliteConnection("Data Source=:memory:");
        db.Open();
        using var command = db.CreateCommand();

        // A real SQLite error after 5 000 rows have streamed: abs() of the smallest integer overflows.
        command.CommandText = "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 20000) "
            + "SELECT x, CASE WHEN x > 5000 THEN abs(-9223372036854775807 - 1) ELSE x END AS y FROM n";
        var path = Path.Combine(_folder, "backup_20260101_000000.json");

        var write = () =>
        {
            using var writer = new BackupWriter(path, new Dictionary<string, string?> { ["reason"] = "test" });
            using var reader = command.ExecuteReader();
            writer.WriteTable("Numbers", null, reader);
            writer.Complete();
        };

        write.Should().Throw<SqliteException>().WithMessage("*overflow*");
        Directory.GetFiles(_folder).Should().BeEmpty("neither the backup nor its .partial is left");
    }
}
