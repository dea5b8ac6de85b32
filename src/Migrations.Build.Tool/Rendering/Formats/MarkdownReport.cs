using System.Text;
using Migrations.Build.Protocol;
using Migrations.Build.Protocol.Results;

namespace Migrations.Build.Tool.Rendering.Formats;

/// <summary>A pull-request comment: a summary line, then one row per finding.</summary>
internal static class MarkdownReport
{
    public static string Write(CheckResult check, string baseDirectory)
    {
        var text = new StringBuilder();
        var errors = check.Findings.Count(f => f.Severity == LogLevels.Error);
        var warnings = check.Findings.Count(f => f.Severity == LogLevels.Warning);
        var suggestions = check.Findings.Count(f => f.Severity == LogLevels.Suggestion);
        text.AppendLine("### Migrations.Build");
        text.AppendLine();
        if (check.Findings.Count == 0)
        {
            text.AppendLine($"No findings{(check.Pending.Count > 0 ? $" in {check.Pending.Count} pending migration(s)" : string.Empty)}.");
            return text.ToString();
        }

        text.AppendLine($"**{errors} error(s), {warnings} warning(s)**, {suggestions} suggestion(s), "
            + $"{check.Findings.Count - errors - warnings - suggestions} acknowledged or informational.");
        text.AppendLine();
        text.AppendLine("| | Migration | Rule | Where | Message |");
        text.AppendLine("|---|---|---|---|---|");
        var titles = check.Rules.ToDictionary(r => r.Id, r => r);
        foreach (var f in check.Findings)
        {
            var icon = f.Severity switch { LogLevels.Error => "❌ error", LogLevels.Warning => "⚠️ warning",
                LogLevels.Suggestion => "💡 suggestion", _ => "ℹ️ note" };
            var rule = titles.TryGetValue(f.Rule, out var info) ? $"[{f.Rule}]({info.HelpUri}) {info.Title}" : f.Rule;
            var where = f.File is null ? string.Empty : $"`{Path.GetRelativePath(baseDirectory, f.File).Replace('\\', '/')}:{f.Line ?? 1}`";
            text.AppendLine($"| {icon} | {Cell(f.Migration ?? string.Empty)} | {rule} | {where} | {Cell(f.Message)} |");
        }

        return text.ToString();
    }

    private static string Cell(string value)
        => value.Replace("|", "\\|", StringComparison.Ordinal).Replace("\r", string.Empty, StringComparison.Ordinal)
            .Replace("\n", "<br>", StringComparison.Ordinal);
}
