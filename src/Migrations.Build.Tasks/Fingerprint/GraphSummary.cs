using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Text;

namespace Migrations.Build.Tasks.Fingerprint;

/// <summary>
/// What the last <see cref="ModelGraph"/> reached and named in one assembly, kept with the fingerprint's
/// parts under <c>graph:name|content hash</c> as row ranges ("1-40,52"). An edit to a project that no
/// other one references (the web host) changes what the walk finds there only; the other assemblies'
/// findings are taken as they were instead of walking their code again (a context library's
/// migrations are megabytes of IL). Taken only when none of them references a changed assembly: then
/// their code can reach the changed ones only through an override, which the graph follows by name.
/// </summary>
internal sealed record GraphSummary(IReadOnlyList<MethodDefinitionHandle> Reached, IReadOnlyList<TypeDefinitionHandle> Named)
{
    public static string Key(AppAssembly assembly) => $"graph:{assembly.Name}|{assembly.ContentHash}";

    /// <summary>
    /// The summaries <paramref name="last"/> holds for assemblies that are the very same bytes, when those
    /// reference none of the others (else null: the graph is walked whole).
    /// </summary>
    public static Dictionary<AppAssembly, GraphSummary>? Reusable(IReadOnlyList<AppAssembly> assemblies, IReadOnlyDictionary<string, string>? last)
    {
        if (last is null)
        {
            return null;
        }

        var kept = assemblies.Where(a => last.ContainsKey(Key(a))).ToList();
        var changed = assemblies.Except(kept).Select(a => a.Name).ToHashSet(StringComparer.Ordinal);
        if (kept.Count == 0 || kept.Any(a => a.Reader.AssemblyReferences.Any(r => changed.Contains(a.Reader.GetString(a.Reader.GetAssemblyReference(r).Name)))))
        {
            return null;
        }

        return kept.ToDictionary(a => a, a => Parse(last[Key(a)]));
    }

    /// <summary>Each assembly's summary of <paramref name="graph"/>, by <see cref="Key"/>.</summary>
    public static IEnumerable<KeyValuePair<string, string>> Of(IReadOnlyList<AppAssembly> assemblies, ModelGraph graph)
        => assemblies.Select(a => KeyValuePair.Create(Key(a),
            Ranges(graph.Reached.Where(m => m.Item1 == a).Select(m => MetadataTokens.GetRowNumber(m.Item2)))
            + ";" + Ranges(graph.Named.Where(t => t.Item1 == a).Select(t => MetadataTokens.GetRowNumber(t.Item2)))));

    private static GraphSummary Parse(string text)
    {
        var halves = text.Split(';');
        return new GraphSummary(
            Rows(halves[0]).Select(MetadataTokens.MethodDefinitionHandle).ToList(),
            Rows(halves.ElementAtOrDefault(1) ?? string.Empty).Select(MetadataTokens.TypeDefinitionHandle).ToList());
    }

    private static string Ranges(IEnumerable<int> rows)
    {
        var text = new StringBuilder();
        var sorted = rows.Distinct().Order().ToList();
        for (var i = 0; i < sorted.Count;)
        {
            var end = i;
            while (end + 1 < sorted.Count && sorted[end + 1] == sorted[end] + 1)
            {
                end++;
            }

            text.Append(text.Length > 0 ? "," : string.Empty).Append(sorted[i]);
            if (end > i)
            {
                text.Append('-').Append(sorted[end]);
            }

            i = end + 1;
        }

        return text.ToString();
    }

    private static IEnumerable<int> Rows(string ranges)
        => ranges.Split(',', StringSplitOptions.RemoveEmptyEntries).SelectMany(range => range.Split('-') is [var from, var to]
            ? Enumerable.Range(int.Parse(from), int.Parse(to) - int.Parse(from) + 1)
            : [int.Parse(range)]);
}
