using Migrations.Build.Protocol;
using Migrations.Build.Protocol.Results;

namespace Migrations.Build.Tool.Rendering.Formats;

/// <summary>GitHub Actions workflow commands: <c>::error file=...,line=...,title=MIG102::message</c>.</summary>
internal static class GitHubAnnotations
{
    public static string Write(CheckResult check, string baseDirectory)
    {
        var lines = check.Findings.Select(f =>
        {
            var command = f.Severity switch { LogLevels.Error => "error", LogLevels.Warning => "warning", _ => "notice" };
            var properties = new List<string>();
            if (f.File is { } file)
            {
                properties.Add("file=" + Property(Path.GetRelativePath(baseDirectory, file).Replace('\\', '/')));
                properties.Add("line=" + (f.Line ?? 1));
            }

            properties.Add("title=" + Property($"{f.Rule}{(f.Migration is null ? string.Empty : " in " + f.Migration)}"));
            return $"::{command} {string.Join(',', properties)}::{Data(f.Message)}";
        });
        return string.Join('\n', lines) + (check.Findings.Count > 0 ? "\n" : string.Empty);
    }

    private static string Data(string value)
        => value.Replace("%", "%25", StringComparison.Ordinal).Replace("\r", "%0D", StringComparison.Ordinal).Replace("\n", "%0A", StringComparison.Ordinal);

    private static string Property(string value)
        => Data(value).Replace(":", "%3A", StringComparison.Ordinal).Replace(",", "%2C", StringComparison.Ordinal);
}
