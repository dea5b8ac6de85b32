using FluentAssertions;
using Migrations.Build.Engine.Safety;
using Migrations.Build.Protocol.Results;

namespace Migrations.Build.Tests.Unit.Safety;

/// <summary>The size decision: only ever raised to an error above the threshold, the size said either way.</summary>
public sealed class TableSizesTests
{
    private static readonly Finding Index = new() { Rule = "MIG401", Severity = "warning", Table = "Orders", Message = "Index built under lock." };

    [Theory]
    [InlineData(250_000L, false, "error", "Index built under lock. (table Orders: ~250,000 rows, above MigrationsLargeTableRows 100,000)")]
    [InlineData(100_001L, true, "error", "Index built under lock. (table Orders: more than 100,000 rows, above MigrationsLargeTableRows 100,000)")]
    [InlineData(100_000L, false, "warning", "Index built under lock. (table Orders: ~100,000 rows)")]
    [InlineData(0L, false, "warning", "Index built under lock. (table Orders: ~0 rows)")]
    public void A_finding_is_an_error_only_above_the_threshold(long rows, bool atLeast, string severity, string message)
    {
        var judged = TableSizes.Judge(Index, new TableRows(rows, atLeast), 100_000, "MigrationsLargeTableRows");
        (judged.Severity, judged.Message).Should().Be((severity, message));
    }

    [Fact]
    public void An_unknown_size_keeps_the_finding_and_a_small_table_never_lowers_an_error()
    {
        TableSizes.Judge(Index, null, 100_000, "--large-table-rows").Should().BeSameAs(Index);
        TableSizes.Judge(Index with { Severity = "error" }, new TableRows(12), 100_000, "--large-table-rows").Severity.Should().Be("error");
    }

    [Fact]
    public void An_error_on_a_large_table_is_high_risk_in_validate_with_no_row_at_risk()
    {
        var notNull = new Finding { Rule = "MIG202", Severity = "error", Table = "Orders", Message = "Made NOT NULL.", RowsAtRisk = 0 };
        Migrations.Build.Engine.Validate.ValidateOperations.Risk([notNull]).Should().Be("low", "no NULL to lose on a small table");
        Migrations.Build.Engine.Validate.ValidateOperations.Risk([notNull], f => f == notNull).Should().Be("high", "the scan under lock is the risk");
    }

    [Fact]
    public void The_rules_that_lock_a_table_are_sized_and_those_that_fail_on_any_row_are_not()
    {
        var sized = SafetyRules.All.Where(r => r.LocksTable).Select(r => r.Id).ToList();
        sized.Should().Contain(["MIG202", "MIG203", "MIG204", "MIG401", "MIG402"]).And.NotContain(["MIG201", "MIG101", "MIG501"]);
    }
}
