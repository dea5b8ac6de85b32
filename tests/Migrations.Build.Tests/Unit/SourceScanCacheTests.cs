using System.Text.Json;
using FluentAssertions;
using Migrations.Build.Protocol;
using Migrations.Build.Tasks;

namespace Migrations.Build.Tests.Unit;

/// <summary>The sources' scan cache, written and read without the serializer (<see cref="SourceScanCache"/>), in the serializer's shape.</summary>
public sealed class SourceScanCacheTests
{
    private static readonly Dictionary<string, CachedFacts> Cache = new(StringComparer.Ordinal)
    {
        ["/p/Migrations/20240101000000_Init.cs"] = new(638_000_000_000_000_000, 1234, new SourceFacts
        {
            File = "/p/Migrations/20240101000000_Init.cs",
            ConflictLine = 7,
            Conflicts = 2,
            Migration = new SourceMigration(12, "App.Migrations", "BlogDb", "20240101000000_Init", "Init"),
        }),
        ["/p/Migrations/BlogDbModelSnapshot.cs"] = new(1, 2, new SourceFacts { File = "/p/Migrations/BlogDbModelSnapshot.cs", Snapshot = true }),
        ["/p/Program.cs"] = new(3, 4, new SourceFacts { File = "/p/Program.cs", Migration = new SourceMigration(1, null, null, "x \"quoted\"", "X") }),
    };

    [Fact]
    public void The_cache_is_written_as_the_serializer_would_and_reads_back()
    {
        var json = SourceScanCache.Write(Cache);

        json.Should().Be(JsonSerializer.Serialize(Cache, ProtocolJson.Compact));
        SourceScanCache.Read(json).Should().BeEquivalentTo(Cache);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("""{"/p/a.cs":{"ticks":1,"length":2}}""")]
    [InlineData("""{"/p/a.cs":{"ticks":"1","length":2,"facts":{"file":"a","conflicts":0,"snapshot":false}}}""")]
    [InlineData("""{"/p/a.cs":{"ticks":1.5,"length":2,"facts":{"file":"a","conflicts":0,"snapshot":false}}}""")]
    public void A_cache_that_is_not_one_throws_what_the_task_catches(string json)
    {
        var read = () => SourceScanCache.Read(json);

        read.Should().Throw<Exception>().Which.Should()
            .Match(e => e is InvalidOperationException || e is KeyNotFoundException || e is JsonException || e is FormatException);
    }
}
