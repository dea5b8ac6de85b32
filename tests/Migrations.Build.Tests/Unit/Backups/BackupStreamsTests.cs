using System.Security.Cryptography;
using System.Text;
using FluentAssertions;
using Migrations.Build.Protocol.Backups;

namespace Migrations.Build.Tests.Unit.Backups;

/// <summary>The layers under a backup: gzip and AES-GCM chunks, read back or refused with a message that says why.</summary>
public sealed class BackupStreamsTests
{
    private const string Passphrase = "correct horse battery staple";
    private const string Path = "backup_20240101_000000.json.enc";

    // 55-byte header, then 64 KiB chunks sealed with a 16-byte tag (see EncryptionHeader).
    private const int HeaderLength = 55;
    private const int SealedChunk = (1 << 16) + 16;

    private static readonly string Base64Key = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

    /// <summary>About 1.5 MB of backup-like rows: many chunks even once compressed.</summary>
    private static readonly byte[] Data = Rows(20_000);

    [Theory]
    [InlineData(false, null)]
    [InlineData(true, null)]
    [InlineData(false, Passphrase)]
    [InlineData(true, Passphrase)]
    [InlineData(false, "base64")]
    [InlineData(true, "base64")]
    public void Every_combination_of_layers_reads_back_what_was_written(bool compress, string? key)
    {
        key = key == "base64" ? Base64Key : key;

        var file = Write(Data, compress, key);

        Read(file, key).Should().Equal(Data);
        BackupStreams.Sniff(new MemoryStream(file)).Should().Be((compress, key is not null));
        if (key is not null)
        {
            file.Length.Should().BeGreaterThan(HeaderLength + (3 * SealedChunk), "the test must span several chunks");
            Encoding.UTF8.GetString(file).Should().NotContain("\"name\"", "encrypted data shows nothing of the rows");
        }
    }

    [Fact]
    public void The_extension_names_the_layers()
    {
        BackupStreams.Extension(false, false).Should().Be(".json");
        BackupStreams.Extension(true, false).Should().Be(".json.gz");
        BackupStreams.Extension(false, true).Should().Be(".json.enc");
        BackupStreams.Extension(true, true).Should().Be(".json.gz.enc");
    }

    [Fact]
    public void Sniffing_leaves_the_position_where_it_was()
    {
        var stream = new MemoryStream(Write(Data, compress: true, Passphrase));

        BackupStreams.Sniff(stream);

        stream.Position.Should().Be(0);
    }

    [Theory]
    [InlineData(Passphrase, "another passphrase")]
    [InlineData(Passphrase, "base64")]
    [InlineData("base64", Passphrase)]
    [InlineData("base64", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    public void A_wrong_key_is_reported_as_a_wrong_key(string written, string given)
    {
        written = written == "base64" ? Base64Key : written;
        given = given == "base64" ? Base64Key : given;
        var file = Write(Data, compress: true, written);

        var read = () => Read(file, given);

        read.Should().Throw<InvalidDataException>().Which.Message.Should().Contain("wrong key").And.Contain(BackupStreams.KeyVariable)
            .And.NotContain(written).And.NotContain(given);
    }

    [Fact]
    public void An_encrypted_file_without_a_key_says_to_set_the_key_variable()
    {
        var file = Write(Data, compress: false, Passphrase);

        var read = () => Read(file, key: null);

        read.Should().Throw<InvalidDataException>().WithMessage($"*encrypted*set {BackupStreams.KeyVariable} to the key used when it was written*");
    }

    public static TheoryData<string, bool> Damages => new()
    {
        { "flipped byte in a middle chunk", false },
        { "flipped byte in a middle chunk", true },
        { "last chunk dropped", false },
        { "last chunk dropped", true },
        { "cut inside a chunk", false },
        { "chunk appended", false },
        { "chunk appended", true },
        { "chunks swapped", false },
        { "header changed", false },
    };

    [Theory]
    [MemberData(nameof(Damages))]
    public void Changed_or_incomplete_encrypted_data_fails_with_a_message_that_says_so(string damage, bool compress)
    {
        var file = Write(Data, compress, Passphrase);
        var chunks = (file.Length - HeaderLength - 1) / SealedChunk;
        file.Length.Should().BeGreaterThan(HeaderLength + (3 * SealedChunk));
        byte[] ChunkAt(int i) => file.AsSpan(HeaderLength + (i * SealedChunk), SealedChunk).ToArray();
        var damaged = damage switch
        {
            "flipped byte in a middle chunk" => Flip(file, HeaderLength + SealedChunk + 1000),
            "last chunk dropped" => file[..(HeaderLength + (chunks * SealedChunk))],
            "cut inside a chunk" => file[..^1000],
            "chunk appended" => [.. file, .. ChunkAt(1)],
            "chunks swapped" => [.. file[..HeaderLength], .. ChunkAt(1), .. ChunkAt(0), .. file[(HeaderLength + (2 * SealedChunk))..]],
            "header changed" => Flip(file, 33),
            _ => throw new ArgumentOutOfRangeException(nameof(damage)),
        };

        var read = () => Read(damaged, Passphrase);

        read.Should().Throw<InvalidDataException>(damage)
            .WithMessage("*the file was changed after it was written or is incomplete*").Which.Message.Should().NotContain(Passphrase);
    }

    [Fact]
    public void Damaged_compressed_data_is_not_a_complete_backup_file()
    {
        var file = Write(Data, compress: true, key: null);

        var read = () => Read(Flip(file, file.Length / 2), key: null);

        read.Should().Throw<InvalidDataException>().WithMessage("*not a complete backup file*");
    }

    [Fact]
    public void A_plain_file_reads_as_it_is()
        => Read(Data, key: Passphrase).Should().Equal(Data, "a key is not needed, nor in the way, for a plain file");

    private static byte[] Write(byte[] data, bool compress, string? key)
    {
        var file = new MemoryStream();
        using (var layers = BackupStreams.OpenWrite(file, compress, key))
        {
            // Uneven writes, as a JSON writer flushes them.
            for (var at = 0; at < data.Length; at += 7_777)
            {
                layers.Write(data, at, Math.Min(7_777, data.Length - at));
            }
        }

        return file.ToArray();
    }

    private static byte[] Read(byte[] file, string? key)
    {
        using var plain = BackupStreams.OpenRead(new MemoryStream(file), key, Path);
        var result = new MemoryStream();
        plain.CopyTo(result);
        return result.ToArray();
    }

    private static byte[] Flip(byte[] file, int at)
    {
        var copy = file.ToArray();
        copy[at] ^= 0x55;
        return copy;
    }

    private static byte[] Rows(int count)
    {
        var random = new Random(42);
        var text = new StringBuilder("{\"format\":\"migrations-build-backup\",\"tables\":[{\"name\":\"Members\",\"rows\":[");
        for (var i = 0; i < count; i++)
        {
            text.Append($"[{i},\"member-{random.Next():x8}\",\"{Convert.ToHexString(RandomNumberGenerator.GetBytes(12))}\",{random.NextDouble()}],");
        }

        return Encoding.UTF8.GetBytes(text.Append("[]]}]}").ToString());
    }
}
