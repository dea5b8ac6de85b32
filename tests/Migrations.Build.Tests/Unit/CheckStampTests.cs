using System.Text.Json;
using FluentAssertions;
using Migrations.Build.Protocol;
using Migrations.Build.Tasks;
using Migrations.Build.Tasks.Fingerprint;

namespace Migrations.Build.Tests.Unit;

/// <summary>The gate's stamp, written and read without the serializer (<see cref="CheckStampJson"/>), in the shape the serializer gives it.</summary>
public sealed class CheckStampTests : IDisposable
{
    private static readonly EngineEvent Warning = new()
    {
        Type = EngineEvent.Diagnostic,
        Level = "warning",
        Message = "2 migration(s) pending on \"the\" database\n(second line)",
        Code = "MIG002",
        File = "/p/Migrations/20240101000000_Init.cs",
        Line = 12,
        Column = 5,
        Current = 1,
        Total = 3,
        Rows = 5_000_000_000,
        RowsTotal = 6_000_000_000,
        Data = JsonDocument.Parse("""{"pending":["a","b"],"n":1.5,"none":null}""").RootElement,
        Context = "BlogDb",
        ExitCode = 4,
    };

    private static readonly CheckStamp Full = new()
    {
        Request = "63c6",
        Fingerprint = new GateFingerprint.Result("afef", "/p/bin/App.dll|37888|6393", "d341", "secrets-id",
            new Dictionary<string, string> { ["App|61b7"] = "1-3,7", ["graph:App|61b7"] = "1-3;2-6" }),
        LockFiles = new Dictionary<string, string?> { ["/p/migrations.lock.json"] = "9f86", ["/p/other.lock.json"] = null },
        Diagnostics = [Warning, new EngineEvent { Type = EngineEvent.Diagnostic, Level = "message", Code = "MIG601", Message = "suggestion" }],
    };

    private readonly string _path = Path.Combine(Path.GetTempPath(), $"stamp-{Guid.NewGuid():N}.json");

    public void Dispose() => File.Delete(_path);

    [Fact]
    public void A_stamp_reads_back_as_written()
    {
        Full.Write(_path);

        var read = CheckStamp.Read(_path);

        read.Should().BeEquivalentTo(Full, o => o.ComparingByMembers<JsonElement>().Excluding(s => s.Path.EndsWith("Data")));
        read!.Diagnostics[0].Data!.Value.GetRawText().Should().Be(Warning.Data!.Value.GetRawText());
        File.ReadAllText(_path).Should().Be(JsonSerializer.Serialize(Full, ProtocolJson.Compact), "the serializer's shape, byte for byte");
    }

    [Fact]
    public void A_stamp_the_serializer_wrote_still_reads()
    {
        // The reader takes the serializer's shape, whoever wrote it.
        File.WriteAllText(_path, JsonSerializer.Serialize(Full, ProtocolJson.Compact));

        CheckStamp.Read(_path).Should().BeEquivalentTo(Full, o => o.ComparingByMembers<JsonElement>().Excluding(s => s.Path.EndsWith("Data")));
    }

    [Fact]
    public void The_fixture_sets_every_field_of_an_event_and_a_fingerprint()
    {
        // So a field added to either is read back too, or this fails until it is set above.
        typeof(EngineEvent).GetProperties().Where(p => p.GetValue(Warning) is null).Select(p => p.Name).Should().BeEmpty();
        typeof(GateFingerprint.Result).GetProperties().Where(p => p.GetValue(Full.Fingerprint) is null).Select(p => p.Name).Should().BeEmpty();
        typeof(CheckStamp).GetProperties().Where(p => p.GetValue(Full) is null).Select(p => p.Name).Should().BeEmpty();
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"request":"r","fingerprint":{"value":"v"}}""")]
    [InlineData("""{"request":"r","diagnostics":[{"type":"diagnostic","line":"twelve"}]}""")]
    [InlineData("""{"request":"r","lockFiles":["a"]}""")]
    [InlineData("[]")]
    [InlineData("""{"request":"r","diagnostics":[{"type":"diagnostic","line":1.5}]}""")]
    public void A_stamp_that_is_not_one_is_no_stamp(string json)
    {
        File.WriteAllText(_path, json);

        CheckStamp.Read(_path).Should().BeNull("the build checks again");
    }
}
