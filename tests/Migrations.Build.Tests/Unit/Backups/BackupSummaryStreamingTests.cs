using System.Data;
using System.Text;
using FluentAssertions;
using Migrations.Build.Engine.Backup;
using Migrations.Build.Protocol.Backups;

namespace Migrations.Build.Tests.Unit.Backups;

/// <summary>Reading a backup's summary streams the file: any size, through its layers, checksums computed on the way.</summary>
public sealed class BackupSummaryStreamingTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "migrations-build-tests", "summary-" + Guid.NewGuid().ToString("N")[..8]);

    public BackupSummaryStreamingTests() => Directory.CreateDirectory(_folder);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_big_backup_reads_with_its_counts_and_checksums_that_verify(bool compress)
    {
        var path = WriteBackup(compress, members: 200_000);

        var summary = BackupSummary.Read(path, verify: true);

        summary.Should().BeEquivalentTo(new { Version = BackupFormat.Version, Complete = true, Compressed = compress, Encrypted = false,
            Migration = "20240101000000_Init", User = "ada" });
        summary.Size.Should().Be(new FileInfo(path).Length);
        summary.Tables.Should().BeEquivalentTo(new[]
        {
            new { Name = "Members", Rows = 200_000L, ChecksumOk = (bool?)true },
            new { Name = "Notes", Rows = 3L, ChecksumOk = (bool?)true },
        });
        summary.CreatedAt.Should().Be(new DateTimeOffset(2024, 1, 1, 12, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public void Without_verify_no_checksum_is_claimed()
        => BackupSummary.Read(WriteBackup(compress: false, members: 10), verify: false).Tables.Should().OnlyContain(t => t.ChecksumOk == null);

    [Fact]
    public void The_header_alone_reads_without_the_tables()
    {
        var header = BackupSummary.ReadHeader(WriteBackup(compress: true, members: 1_000));

        header.Migration.Should().Be("20240101000000_Init");
        header.CreatedAt.Should().NotBeNull();
        header.Tables.Should().BeEmpty();
    }

    [Fact]
    public void A_row_changed_in_place_is_a_checksum_mismatch_in_its_table()
    {
        var path = WriteBackup(compress: false, members: 5_000);
        File.WriteAllText(path, File.ReadAllText(path).Replace("\"member-4321\"", "\"MEMBER-4321\"", StringComparison.Ordinal));

        var tables = BackupSummary.Read(path, verify: true).Tables;

        tables.Single(t => t.Name == "Members").ChecksumOk.Should().BeFalse();
        tables.Single(t => t.Name == "Notes").ChecksumOk.Should().BeTrue();
    }

    [Fact]
    public void A_cut_compressed_backup_is_not_a_complete_backup_file()
    {
        var path = WriteBackup(compress: true, members: 50_000);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);

        var read = () => BackupSummary.Read(path, verify: true);

        read.Should().Throw<InvalidDataException>().WithMessage("*not a complete backup file*");
    }

    [Fact]
    public void A_document_that_is_not_a_backup_says_so()
    {
        var path = Path.Combine(_folder, "other.json");
        File.WriteAllText(path, "{\"name\":\"not a backup\",\"tables\":[]}");

        var read = () => BackupSummary.Read(path, verify: false);

        read.Should().Throw<InvalidDataException>().WithMessage("*is not a Migrations.Build backup*");
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>A backup as the engine writes it: Members (many rows) and Notes (one row much larger than a read buffer).</summary>
    private string WriteBackup(bool compress, int members)
    {
        var path = Path.Combine(_folder, Guid.NewGuid().ToString("N")[..8] + BackupStreams.Extension(compress, encrypt: false));
        var header = new Dictionary<string, string?> { ["createdAt"] = "2024-01-01T12:00:00.0000000+00:00", ["user"] = "ada",
            ["migration"] = "20240101000000_Init" };
        using var writer = new BackupWriter(path, header, compress);
        using (var rows = Table(("Id", typeof(long)), ("Name", typeof(string)), ("Joined", typeof(DateTime))))
        {
            for (var i = 0; i < members; i++)
            {
                rows.Rows.Add((long)i, $"member-{i}", new DateTime(2024, 1, 1).AddMinutes(i));
            }

            writer.WriteTable("Members", null, rows.CreateDataReader());
        }

        using (var notes = Table(("Id", typeof(int)), ("Text", typeof(string))))
        {
            notes.Rows.Add(1, "short");
            notes.Rows.Add(2, new StringBuilder().Insert(0, "Åsa 🙂 ", 60_000).ToString());
            notes.Rows.Add(3, null);
            writer.WriteTable("Notes", "app", notes.CreateDataReader());
        }

        writer.Complete();
        return path;
    }

    private static DataTable Table(params (string Name, Type Type)[] columns)
    {
        var table = new DataTable();
        foreach (var (name, type) in columns)
        {
            table.Columns.Add(name, type);
        }

        return table;
    }
}
