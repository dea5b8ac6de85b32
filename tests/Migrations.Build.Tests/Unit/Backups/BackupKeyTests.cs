using FluentAssertions;
using Migrations.Build.Protocol.Backups;

namespace Migrations.Build.Tests.Unit.Backups;

/// <summary>The backup key: set but blank is refused, never read as "no key"; strength is asked only to write.</summary>
public sealed class BackupKeyTests
{
    [Theory]
    [InlineData("", "set but empty")]
    [InlineData(" ", "set but only whitespace")]
    [InlineData("\t\n ", "set but only whitespace")]
    public void A_blank_key_is_refused_not_taken_for_none(string value, string phrase)
    {
        var read = () => BackupKey.Of(value);

        read.Should().Throw<BackupKeyException>().Which.Message.Should().Contain(BackupStreams.KeyVariable).And.Contain(phrase)
            .And.Contain("unset it to write backups unencrypted");
    }

    [Fact]
    public void No_variable_is_no_key_and_any_other_value_is_the_key_as_given()
    {
        BackupKey.Of(null).Should().BeNull();
        BackupKey.Of(" short ").Should().Be(" short ", "a key is never trimmed: backups written with it must read with it");
    }

    [Theory]
    [InlineData("short")]
    [InlineData("fifteen-chars!!")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("abababababababababab")]
    [InlineData("abcdeabcdeabcdeabcde")]
    public void A_weak_key_is_refused_for_writing_without_being_echoed(string key)
    {
        var check = () => BackupKey.RequireStrong(key);

        check.Should().Throw<BackupKeyException>().Which.Message.Should().Contain("too weak").And.Contain("at least 16 characters")
            .And.Contain("openssl rand -base64 32").And.NotContain(key);
    }

    [Theory]
    [InlineData("correct horse battery staple")]
    [InlineData("abcdefabcdefabcd")]
    [InlineData("4TQmD1nV2u0zJ7cOe0p7xq3J9nF6b0Vw1yq7QxkHq+s=")]
    public void A_long_varied_passphrase_or_a_base64_key_may_write(string key)
        => BackupKey.RequireStrong(key);

    [Fact]
    public void A_backup_written_with_a_weak_key_still_reads_with_it()
    {
        // Written as before the rule (the layers themselves never ask): only new backups need a strong key.
        var file = new MemoryStream();
        using (var layers = BackupStreams.OpenWrite(file, compress: false, key: "old"))
        {
            layers.Write("{\"rows\":[]}"u8);
        }

        using var read = BackupStreams.OpenRead(new MemoryStream(file.ToArray()), "old", "old_20240101_000000.json.enc");
        new StreamReader(read).ReadToEnd().Should().Be("{\"rows\":[]}");
    }
}
