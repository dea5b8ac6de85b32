using FluentAssertions;
using Migrations.Build.Engine.Checks;
using Migrations.Build.Protocol;
using Migrations.Build.Tests.Infrastructure;

namespace Migrations.Build.Tests.Unit.Safety;

/// <summary>Rule IDs, titles and docs pages agree: each ID is defined once in code and has one page.</summary>
public sealed class RuleCatalogTests
{
    private static readonly string Docs = Path.Combine(Repo.Root, "docs", "rules");

    [Fact]
    public void The_catalog_holds_every_code_of_the_contract_and_MIG014_to_MIG016_once()
    {
        RuleCatalog.All.Select(r => r.Id).Should().OnlyHaveUniqueItems().And.BeEquivalentTo(
            "MIG001", "MIG002", "MIG003", "MIG010", "MIG011", "MIG012", "MIG013", "MIG014", "MIG015", "MIG016",
            "MIG101", "MIG102", "MIG103", "MIG104", "MIG105",
            "MIG201", "MIG202", "MIG203", "MIG204", "MIG205", "MIG206", "MIG301", "MIG302",
            "MIG401", "MIG402", "MIG403", "MIG404", "MIG405", "MIG501", "MIG502",
            "MIG503", "MIG504", "MIG601", "MIG602", "MIG603", "MIG604", "MIG605");
    }

    [Fact]
    public void Every_rule_has_a_docs_page_with_its_title_problem_safe_way_and_acknowledgement()
    {
        foreach (var rule in RuleCatalog.All)
        {
            var page = Path.Combine(Docs, rule.Id + ".md");
            File.Exists(page).Should().BeTrue($"{rule.Id} needs docs/rules/{rule.Id}.md");
            var text = File.ReadAllText(page);
            text.Should().StartWith($"# {rule.Id}: {rule.Title}", "the page's title is the rule's");
            text.Should().Contain("## Problem").And.Contain("## Safe alternative").And.Contain("## How to acknowledge");
            text.Should().Contain($"Default severity: **{rule.Severity}**");
            rule.HelpUri.Should().EndWith($"docs/rules/{rule.Id}.md");
        }
    }

    [Fact]
    public void Every_setup_code_has_a_page_with_its_cause_and_fix_and_a_row_in_the_index()
    {
        var index = File.ReadAllText(Path.Combine(Docs, "README.md"));
        foreach (var code in SetupCodes.All)
        {
            var text = File.ReadAllText(Path.Combine(Docs, code + ".md"));
            text.Should().StartWith($"# {code}: ").And.Contain("## Cause").And.Contain("## Fix");
            index.Should().Contain($"[{code}]({code}.md)");
        }

        SetupCodes.All.Should().OnlyHaveUniqueItems().And.NotIntersectWith(RuleCatalog.All.Select(r => r.Id));
    }

    [Fact]
    public void No_docs_page_without_a_rule_or_setup_code()
        => Directory.GetFiles(Docs, "MIG*.md").Select(Path.GetFileNameWithoutExtension)
            .Should().BeSubsetOf(RuleCatalog.All.Select(r => r.Id).Concat(SetupCodes.All));
}
