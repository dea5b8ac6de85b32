using System.IO.Compression;
using System.Text;
using FluentAssertions;
using Migrations.Build.Protocol.Backups;

namespace Migrations.Build.Tests.Unit.Backups;

/// <summary>
/// Files no backup writer makes: each is refused as a bad file (restore and --verify turn that into
/// exit 2 before anything changes), and the bombs end at the reader's limits, not at the machine's.
/// </summary>
public sealed class HostileBackupTests : IDisposable
{
    private const string Header = "{\"format\":\"migrations-build-backup\",\"version\":2,\"tables\":[";

    private readonly string _folder = Directory.CreateTempSubdirectory("backup-hostile-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static string Table(string columns, params string[] rows)
    {
        var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(string.Concat(rows.Select(r => r + "\n")))));
        return $"{{\"name\":\"T\",\"schema\":null,\"columns\":[{columns}],\"rows\":[{string.Join(",", rows)}],"
            + $"\"rowCount\":{rows.Length},\"sha256\":\"{sha}\"}}";
    }

    private string File(string text)
    {
        var path = Path.Combine(_folder, Guid.NewGuid().ToString("N") + ".json");
        System.IO.File.WriteAllText(path, text);
        return path;
    }

    private static void Verify(string path)
    {
        using var reader = BackupReader.Open(path, key: null);
        reader.Verify();
    }

    [Fact]
    public void Columns_equal_ignoring_case_are_refused()
    {
        var path = File(Header + Table("{\"name\":\"Id\",\"type\":\"Int64\"},{\"name\":\"ID\",\"type\":\"Int64\"}", "[1,2]") + "],\"complete\":true}");

        var verify = () => Verify(path);

        verify.Should().Throw<InvalidDataException>().WithMessage("*column Id 2 times*");
    }

    [Theory]
    [InlineData("[1]")]
    [InlineData("[1,2,3]")]
    [InlineData("[[1,2]]")]
    public void A_row_that_does_not_match_the_columns_is_refused(string row)
    {
        var path = File(Header + Table("{\"name\":\"Id\",\"type\":\"Int64\"},{\"name\":\"Name\",\"type\":\"String\"}", "[1,\"a\"]", row)
            + "],\"complete\":true}");

        var verify = () => Verify(path);

        verify.Should().Throw<InvalidDataException>().WithMessage("*row 2 of T has * values for 2 columns*");
    }

    [Fact]
    public void Rows_whose_arrays_nest_still_count_their_own_values()
    {
        var path = File(Header + Table("{\"name\":\"Id\",\"type\":\"Int64\"},{\"name\":\"Ints\",\"type\":\"Int32[]\"}", "[1,[1,[2,3],{\"a\":[4]}]]")
            + "],\"complete\":true}");

        using var reader = BackupReader.Open(path, key: null);
        reader.Verify().Single().ChecksumOk.Should().BeTrue();
    }

    [Fact]
    public void A_gzip_of_whitespace_ends_at_the_row_limit()
    {
        var path = Gzip(Header, writer =>
        {
            var spaces = new byte[1 << 20];
            Array.Fill(spaces, (byte)' ');
            for (var i = 0; i < 200; i++)
            {
                writer.Write(spaces); // 200 MiB inflated, far past any row
            }
        });

        var verify = () => Verify(path);

        verify.Should().Throw<InvalidDataException>().WithMessage($"*more than {BackupLimits.Row >> 20} MiB without a complete value*");
    }

    [Fact]
    public void One_endless_string_ends_at_the_row_limit()
    {
        var path = Gzip(Header + "{\"name\":\"T\",\"schema\":null,\"columns\":[{\"name\":\"S\",\"type\":\"String\"}],\"rows\":[[\"", writer =>
        {
            var text = new byte[1 << 20];
            Array.Fill(text, (byte)'a');
            for (var i = 0; i < 200; i++)
            {
                writer.Write(text);
            }
        });

        var verify = () => Verify(path);

        verify.Should().Throw<InvalidDataException>().WithMessage("*MiB without a complete value*");
    }

    [Fact]
    public void Endless_valid_rows_that_inflate_like_a_bomb_are_refused()
    {
        var path = Gzip(Header + "{\"name\":\"T\",\"schema\":null,\"columns\":[{\"name\":\"N\",\"type\":\"Int64\"}],\"rows\":[", writer =>
        {
            var rows = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("[0],", 1 << 18)));
            for (var i = 0; i < 200; i++)
            {
                writer.Write(rows); // 200 MiB of rows, each valid
            }
        }, CompressionLevel.SmallestSize);

        var verify = () => Verify(path);

        verify.Should().Throw<InvalidDataException>().WithMessage($"*more than {BackupLimits.Ratio} times, as a decompression bomb does*gunzip -k*");
    }

    [Fact]
    public void A_huge_header_field_is_refused()
    {
        var path = File("{\"format\":\"migrations-build-backup\",\"version\":2,\"reason\":\"" + new string('r', 2 << 20)
            + "\",\"tables\":[],\"complete\":true}");

        var open = () => BackupReader.Open(path, key: null).Dispose();

        open.Should().Throw<InvalidDataException>().WithMessage("*header is larger than a backup writes*");
    }

    private string Gzip(string start, Action<Stream> rest, CompressionLevel level = CompressionLevel.Fastest)
    {
        var path = Path.Combine(_folder, Guid.NewGuid().ToString("N") + ".json.gz");
        using (var gzip = new GZipStream(System.IO.File.Create(path), level))
        {
            gzip.Write(Encoding.UTF8.GetBytes(start));
            rest(gzip);
        }

        return path;
    }
}
