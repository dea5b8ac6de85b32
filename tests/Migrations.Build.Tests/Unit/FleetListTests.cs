using FluentAssertions;
using Migrations.Build.Tool.Running;

namespace Migrations.Build.Tests.Unit;

/// <summary>How a fleet's databases are named (never with a secret) and split into shards (stably).</summary>
public sealed class FleetListTests
{
    [Theory]
    [InlineData("Host=db1.internal;Port=5432;Database=tenant_7;Username=app;Password=hunter2", "db1.internal/tenant_7")]
    [InlineData("Server=tcp:sql.example.com,1433;Initial Catalog=Tenant9;User Id=sa;Password=hunter2", "tcp:sql.example.com,1433/Tenant9")]
    [InlineData("Data Source=/var/data/tenant3.db;Password=hunter2", "/var/data/tenant3.db")]
    [InlineData("postgres://app:hunter2@db1/tenant_7", "postgres://app:***@db1/tenant_7")]
    public void A_database_is_named_by_host_and_database_only(string connection, string name)
    {
        FleetList.NameOf(connection).Should().Be(name).And.NotContain("hunter2");
    }

    [Fact]
    public void Shards_split_a_list_whatever_its_order_and_every_name_is_in_exactly_one()
    {
        var names = Enumerable.Range(0, 300).Select(i => $"db{i % 7}.internal/tenant_{i}").ToList();

        var shards = names.GroupBy(n => FleetList.InShard(n, 4)).ToDictionary(g => g.Key, g => g.Count());

        shards.Keys.Should().BeEquivalentTo([0, 1, 2, 3]);
        shards.Values.Should().AllSatisfy(c => c.Should().BeInRange(45, 105, "a hash spreads 300 names over 4 shards roughly evenly"));
        names.AsEnumerable().Reverse().Select(n => FleetList.InShard(n, 4)).Should()
            .Equal(names.Select(n => FleetList.InShard(n, 4)).Reverse(), "a name's shard depends on the name alone");
    }
}
