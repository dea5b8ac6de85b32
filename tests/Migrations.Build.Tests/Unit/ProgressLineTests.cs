using FluentAssertions;
using Migrations.Build.Protocol;
using Migrations.Build.Tool.Rendering;

namespace Migrations.Build.Tests.Unit;

/// <summary>What a progress line adds to a step's message: rows, rate and time left over rows; time left over many steps.</summary>
public sealed class ProgressLineTests
{
    private static EngineEvent Step(int current, int total, long? rows = null, long? rowsTotal = null)
        => new() { Type = EngineEvent.Progress, Message = "up x", Current = current, Total = total, Rows = rows, RowsTotal = rowsTotal };

    [Fact]
    public void Rows_with_a_known_total_get_a_bar_a_percentage_and_counts()
        => new RowProgress().Describe(Step(0, 1, 150_000, 300_000), bar: true).Should()
            .Be("━━━━━━━━━━──────────   50%  150,000/300,000 rows");

    [Fact]
    public void Many_steps_get_the_time_left_from_their_pace_once_it_is_known()
    {
        var progress = new RowProgress();

        progress.StepsLeft(Step(0, 10)).Should().BeNull("no pace yet");
        Thread.Sleep(TimeSpan.FromSeconds(2.1));

        progress.StepsLeft(Step(2, 10)).Should().MatchRegex(@"^ETA 0:(08|09|1\d)$", "2 steps took about 2 s, 8 are left");
        progress.StepsLeft(Step(0, 1, rows: 5)).Should().BeNull("a step over rows shows its own rate");
        progress.StepsLeft(Step(0, 2)).Should().BeNull("two steps are too few to estimate");
    }
}
