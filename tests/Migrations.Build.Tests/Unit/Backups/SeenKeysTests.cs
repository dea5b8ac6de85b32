using System.Security.Cryptography;
using FluentAssertions;
using Migrations.Build.Engine.Restore;

namespace Migrations.Build.Tests.Unit.Backups;

/// <summary>
/// Restore's key check in bounded memory: exact while small, a filter beyond; a duplicate is never
/// missed, and the suspects a filter raises stay few while it isn't overfull.
/// </summary>
public sealed class SeenKeysTests
{
    private static Guid Digest(long i) => new(SHA256.HashData(BitConverter.GetBytes(i)).AsSpan(0, 16));

    [Fact]
    public void Below_the_limit_a_key_seen_twice_is_said_at_once_and_nothing_is_suspect()
    {
        var keys = new SeenKeys(exactLimit: 1000);

        Enumerable.Range(0, 1000).Select(i => keys.Add(Digest(i))).ToList().Should().AllBeEquivalentTo(true);
        keys.Add(Digest(500)).Should().BeFalse("the set is exact below the limit");
        keys.Suspects.Should().BeEmpty();
    }

    [Fact]
    public void Beyond_the_limit_every_duplicate_is_a_suspect_whether_its_first_copy_came_before_or_after_the_switch()
    {
        var keys = new SeenKeys(exactLimit: 100, filterBits: 1 << 16);
        for (var i = 0; i < 2000; i++)
        {
            keys.Add(Digest(i)).Should().BeTrue("the filter never says certainly-seen");
        }

        keys.Add(Digest(7));    // first copy was held exactly, then moved into the filter
        keys.Add(Digest(1500)); // first copy went straight into the filter

        keys.Suspects.Should().Contain([Digest(7), Digest(1500)]);
        keys.Suspects.Count.Should().BeLessThan(20, "2,000 keys in 65,536 bits with 8 probes raise few false suspects");
    }

    [Fact]
    public void Distinct_keys_in_a_full_size_filter_raise_almost_no_suspects()
    {
        var keys = new SeenKeys(exactLimit: 1 << 10);
        for (var i = 0; i < 300_000; i++)
        {
            keys.Add(Digest(i));
        }

        keys.Suspects.Count.Should().BeLessThan(3, "so a restore of a table this size reads it once");
    }
}
