using FluentAssertions;
using Migrations.Build.Engine;
using Migrations.Build.Engine.Migrate;

namespace Migrations.Build.Tests.Unit;

public sealed class TargetResolverTests
{
    private static readonly string[] Ids =
    [
        "20240101000000_Init",
        "20240215093000_AddOrders",
        "20240215120000_AddOrderIndex",
        "20240301000000_AddOrders2",
    ];

    private static TargetResolver Resolver => MigrationCatalog.For(Ids, []).Targets;

    [Theory]
    [InlineData("head", "20240301000000_AddOrders2")]
    [InlineData("HEAD", "20240301000000_AddOrders2")]
    [InlineData("base", null)]
    [InlineData("0", null)]
    [InlineData("20240215093000_AddOrders", "20240215093000_AddOrders")]
    [InlineData("addorders", "20240215093000_AddOrders")]
    [InlineData("Init", "20240101000000_Init")]
    [InlineData("20240101", "20240101000000_Init")]
    [InlineData("202402151", "20240215120000_AddOrderIndex")]
    public void Resolves_absolute_targets(string target, string? expected)
        => Resolver.Resolve(target, current: "20240215093000_AddOrders").Should().Be(expected);

    [Theory]
    [InlineData(null, "+1", "20240101000000_Init")]
    [InlineData(null, "+4", "20240301000000_AddOrders2")]
    [InlineData("20240215093000_AddOrders", "+2", "20240301000000_AddOrders2")]
    [InlineData("20240215093000_AddOrders", "-1", "20240101000000_Init")]
    [InlineData("20240215093000_AddOrders", "-2", null)]
    [InlineData("20240301000000_AddOrders2", "-0", "20240301000000_AddOrders2")]
    public void Resolves_relative_targets_from_the_current_migration(string? current, string target, string? expected)
        => Resolver.Resolve(target, current).Should().Be(expected);

    [Fact]
    public void Relative_to_an_unknown_current_counts_from_where_it_sorts()
        => Resolver.Resolve("+1", "20240201000000_FromAnotherBranch").Should().Be("20240215093000_AddOrders");

    [Theory]
    [InlineData("+5", "goes past head")]
    [InlineData("-3", "goes past base")]
    public void Relative_targets_past_the_ends_are_usage_errors(string target, string message)
    {
        var act = () => Resolver.Resolve(target, "20240215093000_AddOrders");

        act.Should().Throw<EngineException>().Where(e => e.ExitCode == 2).WithMessage($"*{message}*");
    }

    [Fact]
    public void An_ambiguous_prefix_lists_what_it_matches()
    {
        var act = () => Resolver.Resolve("20240215", null);

        act.Should().Throw<EngineException>()
            .Where(e => e.ExitCode == 2)
            .WithMessage("*ambiguous*20240215093000_AddOrders*20240215120000_AddOrderIndex*")
            .Which.Message.Should().NotContain("_Init");
    }

    [Fact]
    public void An_unknown_target_lists_every_migration()
    {
        var act = () => Resolver.Resolve("Nope", null);

        act.Should().Throw<EngineException>()
            .Where(e => e.ExitCode == 2)
            .WithMessage("*No migration matches 'Nope'*head, base*20240101000000_Init*20240301000000_AddOrders2*");
    }

    [Fact]
    public void Without_migrations_an_unknown_target_says_how_to_create_one()
    {
        var act = () => MigrationCatalog.For([], []).Targets.Resolve("Init", null);

        act.Should().Throw<EngineException>().WithMessage("*no migrations yet*revision*");
    }

    [Fact]
    public void Head_without_migrations_is_base()
        => MigrationCatalog.For([], []).Targets.Resolve("head", null).Should().BeNull();

    [Fact]
    public void Catalog_tells_pending_gaps_and_unknown_applied()
    {
        var catalog = MigrationCatalog.For(Ids, ["20240101000000_Init", "20240215120000_AddOrderIndex", "20231231000000_Gone"]);

        catalog.Current.Should().Be("20240215120000_AddOrderIndex");
        catalog.Pending.Should().Equal("20240215093000_AddOrders", "20240301000000_AddOrders2");
        catalog.HasGaps.Should().BeTrue();
        catalog.UnknownApplied.Should().Equal("20231231000000_Gone");
    }
}
