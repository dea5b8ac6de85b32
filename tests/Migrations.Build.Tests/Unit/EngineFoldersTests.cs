using System.Text.RegularExpressions;
using FluentAssertions;
using Migrations.Build.Tests.Infrastructure;

namespace Migrations.Build.Tests.Unit;

/// <summary>
/// The engine's folders depend on each other one way only: a newcomer can read a folder knowing only
/// the ones below it. A folder's dependencies are the engine namespaces its files import or name.
/// </summary>
public sealed partial class EngineFoldersTests
{
    private static readonly string Engine = Path.Combine(Repo.Root, "src", "Migrations.Build.Engine");

    [Fact]
    public void No_two_engine_folders_depend_on_each_other_even_through_others()
    {
        var folders = Directory.GetDirectories(Engine).Select(Path.GetFileName).Where(f => f is not ("bin" or "obj")).ToHashSet()!;
        var uses = folders.ToDictionary(f => f!, f => Uses(f!, folders!));
        uses.Values.Sum(u => u.Count).Should().BeGreaterThan(5, "the engine's folders do use each other; reading them must have worked");

        var loops = folders.SelectMany(f => Reachable(f!, uses).Contains(f!) ? [f!] : Array.Empty<string>()).Order().ToList();
        loops.Should().BeEmpty("each of these folders reaches itself again through the others: "
            + string.Join("; ", loops.Select(f => $"{f} uses {string.Join(", ", uses[f])}")));
    }

    private static HashSet<string> Uses(string folder, HashSet<string> folders)
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.GetFiles(Path.Combine(Engine, folder), "*.cs", SearchOption.AllDirectories))
        {
            var text = File.ReadAllText(file);
            foreach (Match m in EngineName().Matches(text))
            {
                used.Add(m.Groups[1].Value);
            }

            foreach (Match m in QualifiedName().Matches(text))
            {
                used.Add(m.Groups[1].Value);
            }
        }

        used.IntersectWith(folders);
        used.Remove(folder);
        return used;
    }

    private static HashSet<string> Reachable(string from, Dictionary<string, HashSet<string>> uses)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>(uses[from]);
        while (queue.TryDequeue(out var next))
        {
            if (seen.Add(next))
            {
                foreach (var further in uses[next])
                {
                    queue.Enqueue(further);
                }
            }
        }

        return seen;
    }

    [GeneratedRegex(@"Migrations\.Build\.Engine\.([A-Z][A-Za-z]+)")]
    private static partial Regex EngineName();

    // A sibling folder's type named through its namespace's last part (e.g. Safety.MigrationScope).
    [GeneratedRegex(@"(?<![\w.""])([A-Z][A-Za-z]+)\.[A-Z][A-Za-z]+\b")]
    private static partial Regex QualifiedName();
}
