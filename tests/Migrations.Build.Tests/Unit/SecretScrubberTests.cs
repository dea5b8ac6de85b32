using System.Text.Json;
using FluentAssertions;
using Migrations.Build.Protocol;
using Migrations.Build.Protocol.Audit;

namespace Migrations.Build.Tests.Unit;

/// <summary>
/// Secrets are found in the raw connection string, never through a parser: whatever a driver makes
/// of a malformed value and echoes, no piece of it is printed, logged or stored.
/// </summary>
public sealed class SecretScrubberTests
{
    [Theory]
    // An unquoted ';' inside the password: Npgsql reads a key "wordSECRET" and says "Couldn't set wordsecret".
    [InlineData("Host=db;Password=p@ss;wordSECRET=1;Database=shop", "Couldn't set wordsecret (Parameter 'wordsecret')", "wordsecret")]
    [InlineData("Host=db;Password=p@ss;wordSECRET=1;Database=shop", "Keyword not supported: 'wordsecret'.", "wordsecret")]
    [InlineData("Host=db;Password=p@ss;wordSECRET=1;Database=shop", "the connection Host=db;Password=p@ss;wordSECRET=1 failed", "p@ss")]
    [InlineData("Host=db;Password=p@ss;word SECRET=1", "Couldn't set word secret", "word secret")]
    // Quoted, with the quote doubled inside, and the unquoted form a driver reports.
    [InlineData("Host=db;Password=\"a;b\"\"c d\";Database=shop", "password a;b\"c d rejected", "a;b\"c d")]
    [InlineData("Server=db;Pwd='it''s;secret'", "login failed for it's;secret", "it's;secret")]
    // Malformed: a quote that never closes, text after a closing quote.
    [InlineData("Host=db;Password=\"unterminated;Database=shop", "bad value unterminated", "unterminated")]
    [InlineData("Host=db;Password='abc'def;Database=shop", "bad value 'abc'def", "def")]
    // Other secret-like keys, and a URL (also its percent-decoded password).
    [InlineData("Data Source=x;Access Token=tok;en-123;Mode=ReadOnly", "Keyword not supported: 'en-123'", "en-123")]
    [InlineData("Server=db;Client Secret=s3cr3t-value", "secret s3cr3t-value expired", "s3cr3t-value")]
    [InlineData("postgres://app:p%40ss;w0rd@db:5432/shop", "auth failed for p@ss;w0rd", "p@ss;w0rd")]
    [InlineData("postgres://app:p%40ss;w0rd@db:5432/shop", "auth failed for p%40ss;w0rd", "w0rd")]
    public void No_piece_of_a_secret_survives(string connection, string message, string piece)
    {
        var scrubber = new SecretScrubber();
        scrubber.Add(connection);

        var scrubbed = scrubber.Scrub(message)!;

        scrubbed.Should().NotContainEquivalentOf(piece).And.Contain(ConnectionStringMasker.Masked);
    }

    [Fact]
    public void Known_keywords_end_a_secret_and_stay_readable()
    {
        var scrubber = new SecretScrubber();
        scrubber.Add("Host=db.example;Password=hunter22;Database=shop;Username=app");

        scrubber.Scrub("could not reach db.example for shop as app with hunter22")
            .Should().Be("could not reach db.example for shop as app with ***");
        ConnectionStringMasker.Mask("Host=db.example;Password=hunter22;Database=shop;Username=app")
            .Should().Be("Host=db.example;Password=***;Database=shop;Username=app");
    }

    [Fact]
    public void A_piece_shorter_than_three_characters_is_scrubbed_only_as_a_whole_word()
    {
        var scrubber = new SecretScrubber();
        scrubber.Add("Host=db;Password=p@ss;x=1");

        scrubber.Scrub("Couldn't set x").Should().Be("Couldn't set ***");
        scrubber.Scrub("applied 10 migrations to the box").Should().Be("applied 10 migrations to the box");
    }

    [Theory]
    [InlineData("Host=db;Password=p@ss;wordSECRET=1;Database=shop", "Host=db;Password=***;Database=shop")]
    [InlineData("Host=db;Password=\"a;b\";Database=shop", "Host=db;Password=***;Database=shop")]
    [InlineData("Data Source=app.db;Foreign Keys=True", "Data Source=app.db;Foreign Keys=True")]
    [InlineData("postgres://app:p@ss word@db/shop", "postgres://app:***@db/shop")]
    [InlineData("Password=\"unterminated;Host=db", ConnectionStringMasker.Masked)]
    public void Mask_shows_the_rest_of_the_string_as_written(string connection, string masked)
        => ConnectionStringMasker.Mask(connection).Should().Be(masked);

    [Fact]
    public void Free_text_is_masked_on_to_the_next_known_keyword()
        => ConnectionStringMasker.MaskText("connection 'Host=db;Password=p@ss;wordSECRET=1;Database=shop' failed")
            .Should().Be("connection 'Host=db;Password=***;Database=shop' failed");

    [Fact]
    public void A_json_document_keeps_its_structure()
    {
        var scrubber = new SecretScrubber();
        scrubber.Add("Host=db;Password=type");
        using var document = JsonDocument.Parse("""{"type":"result","steps":[{"problem":"Couldn't set TYPE","ok":false}],"n":1}""");

        var scrubbed = scrubber.Scrub(document.RootElement);

        scrubbed.GetProperty("type").GetString().Should().Be("result");
        scrubbed.GetProperty("steps")[0].GetProperty("problem").GetString().Should().Be("Couldn't set ***");
        scrubbed.GetProperty("n").GetInt32().Should().Be(1);
    }

    [Fact]
    public void Every_event_the_engine_writes_is_scrubbed()
    {
        var output = new StringWriter();
        var events = new EventWriter(output);
        events.Secrets.Add("Host=db;Password=p@ss;wordSECRET=1");

        events.Failure(ExitCodes.Database, "The database failed: Couldn't set wordsecret (Parameter 'wordsecret')");
        events.Result(new { problem = "p@ss;wordSECRET=1 rejected" });

        output.ToString().Should().NotContainEquivalentOf("wordsecret").And.NotContain("p@ss").And.Contain("Couldn't set ***");
    }

    [Fact]
    public void Console_text_written_in_pieces_is_scrubbed_by_line()
    {
        var inner = new StringWriter();
        var scrubber = new SecretScrubber();
        scrubber.Add("Password=p@ss;wordSECRET=1");
        var writer = new ScrubbingWriter(inner, scrubber);

        writer.Write("fail: Couldn't set word");
        writer.Write('s');
        writer.WriteLine("ecret");
        writer.Write("last p@ss");
        writer.Flush();

        inner.ToString().Should().Be("fail: Couldn't set ***" + Environment.NewLine + "last ***");
    }

    [Fact]
    public void The_audit_entry_holds_no_piece_of_the_secret()
    {
        var scrubber = new SecretScrubber();
        scrubber.Add("Host=db;Password=p@ss;wordSECRET=1");

        var entry = AuditLog.Entry("upgrade", ["upgrade", "--connection", "Host=db;Password=p@ss;wordSECRET=1"], null, ExitCodes.Database,
            "The database failed: Couldn't set wordsecret", TimeSpan.Zero, scrubber);

        JsonSerializer.Serialize(entry).Should().NotContainEquivalentOf("wordsecret").And.NotContain("p@ss");
        entry.Arguments[2].Should().Be("Host=db;Password=***");
    }
}
