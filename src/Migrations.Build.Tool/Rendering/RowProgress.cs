using System.Diagnostics;
using System.Globalization;
using Migrations.Build.Protocol;

namespace Migrations.Build.Tool.Rendering;

/// <summary>
/// What a progress event over rows adds to its line: a bar and a percentage where the total is
/// known (an estimate from the database's statistics, or the backup's own counts), the rows so far,
/// the throughput and the time left. The clock starts at the first event with rows.
/// </summary>
internal sealed class RowProgress
{
    private const int BarWidth = 20;
    private readonly Stopwatch _clock = new();
    private long _firstRows;

    /// <summary>"━━━━━━────  43%  129,000/300,000 rows  25,300 rows/s  ETA 0:07", or null for an event without rows.</summary>
    public string? Describe(EngineEvent e, bool bar)
    {
        if (e.Rows is not { } rows)
        {
            return null;
        }

        if (!_clock.IsRunning)
        {
            _clock.Start();
            _firstRows = rows;
        }

        var seconds = _clock.Elapsed.TotalSeconds;
        var rate = seconds >= 1 ? (rows - _firstRows) / seconds : (double?)null;
        var parts = new List<string>();
        if (e.RowsTotal is { } total && total > 0)
        {
            var share = Math.Clamp((double)rows / total, 0, 1);
            if (bar)
            {
                var filled = (int)Math.Round(share * BarWidth);
                parts.Add(new string('━', filled) + new string('─', BarWidth - filled));
            }

            parts.Add($"{share * 100,3:0}%");
            parts.Add($"{Count(rows)}/{(rows > total ? "?" : Count(total))} rows");
            if (rate is > 0 && rows < total)
            {
                parts.Add($"{Count((long)rate)} rows/s");
                parts.Add("ETA " + Duration(TimeSpan.FromSeconds((total - rows) / rate.Value)));
            }
        }
        else
        {
            parts.Add($"{Count(rows)} rows");
            if (rate is > 0)
            {
                parts.Add($"{Count((long)rate)} rows/s");
            }
        }

        return string.Join("  ", parts);
    }

    /// <summary>
    /// "ETA 1:20" for a run of many steps without rows (the test cycle's), from the pace of the steps
    /// so far; null until the pace is known.
    /// </summary>
    public string? StepsLeft(EngineEvent e)
    {
        if (e.Rows is not null || e.Current is not { } current || e.Total is not { } total || total < 3)
        {
            return null;
        }

        if (_stepsTotal != total)
        {
            (_stepsTotal, _firstStep) = (total, current);
            _steps.Restart();
            return null;
        }

        var done = current - _firstStep;
        return done > 0 && current < total && _steps.Elapsed.TotalSeconds >= 2 ? "ETA " + Duration(_steps.Elapsed / done * (total - current)) : null;
    }

    private readonly Stopwatch _steps = new();
    private int? _stepsTotal;
    private int _firstStep;

    private static string Count(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    private static string Duration(TimeSpan t)
        => t.TotalHours >= 1 ? t.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture) : t.ToString(@"m\:ss", CultureInfo.InvariantCulture);
}
