using FluentAssertions;
using Migrations.Build.Tests.Infrastructure;

namespace Migrations.Build.Tests.Unit;

/// <summary>
/// The .editorconfig's max_line_length, held by the code we write. Generated migrations and snapshots
/// are EF Core's; the lines inside a multi-line raw string are text that a test writes out as it is.
/// </summary>
public sealed class SourceLineLengthTests
{
    [Fact]
    public void No_line_of_our_code_is_longer_than_the_editorconfig_allows()
    {
        var setting = File.ReadLines(Path.Combine(Repo.Root, ".editorconfig"))
            .Select(l => l.Replace(" ", string.Empty, StringComparison.Ordinal))
            .First(l => l.StartsWith("max_line_length=", StringComparison.Ordinal));
        var limit = int.Parse(setting["max_line_length=".Length..], System.Globalization.CultureInfo.InvariantCulture);

        var tooLong = new[] { "src", "tests" }
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(Repo.Root, folder), "*.cs", SearchOption.AllDirectories))
            .Where(Ours)
            .SelectMany(file => LongLines(file, limit).Select(n => $"{Path.GetRelativePath(Repo.Root, file)}({n})"))
            .ToList();

        tooLong.Should().BeEmpty("lines are wrapped at {0} columns (.editorconfig)", limit);
    }

    private static bool Ours(string file)
    {
        var parts = Path.GetRelativePath(Repo.Root, file).Split(Path.DirectorySeparatorChar);
        return !parts.Contains("bin") && !parts.Contains("obj")
            && !file.EndsWith(".Designer.cs", StringComparison.Ordinal) && !file.EndsWith("ModelSnapshot.cs", StringComparison.Ordinal);
    }

    /// <summary>The 1-based numbers of the lines over the limit, outside multi-line raw strings.</summary>
    private static IEnumerable<int> LongLines(string file, int limit)
    {
        var raw = false;
        var number = 0;
        foreach (var line in File.ReadLines(file))
        {
            number++;
            var quotes = (line.Length - line.Replace("\"\"\"", string.Empty, StringComparison.Ordinal).Length) / 3;
            var inside = raw;
            raw ^= quotes % 2 == 1;
            if (!inside && line.Length > limit)
            {
                yield return number;
            }
        }
    }
}
