namespace Migrations.Build.Engine.Scaffold;

/// <summary>
/// A three-way merge of model-building code, statement by statement (<see cref="ModelCode"/>): what
/// one side changed from the common base is taken, what both changed alike is kept, what both changed
/// differently is a conflict. It is git's merge with EF Core's statements for lines, so two columns
/// added side by side to one entity merge, and the column both branches changed is named.
/// </summary>
internal static class ModelCodeMerge
{
    /// <summary>
    /// <paramref name="ours"/> with what <paramref name="theirs"/> changed from <paramref name="base"/>;
    /// each statement both changed differently is added to <paramref name="conflicts"/> (ours is kept).
    /// </summary>
    public static List<ModelStatement> Merge(
        IReadOnlyList<ModelStatement> @base, IReadOnlyList<ModelStatement> ours, IReadOnlyList<ModelStatement> theirs, List<string> conflicts, string path = "")
    {
        var original = ByKey(@base);
        var mine = ByKey(ours);
        var other = ByKey(theirs);
        var result = new List<ModelStatement>();
        foreach (var statement in ours)
        {
            if (MergeOne(original.GetValueOrDefault(statement.Key), statement, other.GetValueOrDefault(statement.Key), conflicts, path) is { } kept)
            {
                result.Add(kept);
            }
        }

        for (var n = 0; n < theirs.Count; n++)
        {
            var added = theirs[n];
            if (mine.ContainsKey(added.Key))
            {
                continue;
            }

            if (original.GetValueOrDefault(added.Key) is { } was)
            {
                if (!Same(was, added))
                {
                    conflicts.Add($"{path}{added.Key}: removed on one side, changed on the other");
                }

                continue;
            }

            // New on their side: placed after the statement it follows there, as EF Core orders them.
            var after = -1;
            for (var p = n - 1; p >= 0 && after < 0; p--)
            {
                after = result.FindIndex(r => r.Key == theirs[p].Key);
            }

            result.Insert(after + 1, added);
        }

        return result;
    }

    /// <summary>Whether two statements define the same thing alike (layout aside; the order of a block's statements aside).</summary>
    public static bool Same(ModelStatement a, ModelStatement b)
        => a.Key == b.Key && Normal(a.Text) == Normal(b.Text) && Normal(a.Tail) == Normal(b.Tail) && SameLists(a.Children, b.Children);

    public static bool SameLists(IReadOnlyList<ModelStatement>? a, IReadOnlyList<ModelStatement>? b)
        => a is null || b is null ? a is null && b is null
            : a.Count == b.Count && ByKey(b) is var other && a.All(s => other.TryGetValue(s.Key, out var o) && Same(s, o));

    /// <summary>What <paramref name="actual"/> has that <paramref name="expected"/> hasn't, and the reverse, by statement.</summary>
    public static IEnumerable<string> Differences(IReadOnlyList<ModelStatement> actual, IReadOnlyList<ModelStatement> expected, string path = "")
    {
        var wanted = ByKey(expected);
        var have = ByKey(actual);
        foreach (var statement in actual)
        {
            if (!wanted.TryGetValue(statement.Key, out var other))
            {
                yield return $"{path}{statement.Key} (not in the app's model)";
            }
            else if (statement.IsBlock && other.IsBlock && Normal(statement.Text) == Normal(other.Text))
            {
                foreach (var inner in Differences(statement.Children!, other.Children!, path + statement.Key + " > "))
                {
                    yield return inner;
                }
            }
            else if (!Same(statement, other))
            {
                yield return $"{path}{statement.Key} (differs)";
            }
        }

        foreach (var missing in expected.Where(s => !have.ContainsKey(s.Key)))
        {
            yield return $"{path}{missing.Key} (missing)";
        }
    }

    private static ModelStatement? MergeOne(ModelStatement? original, ModelStatement mine, ModelStatement? other, List<string> conflicts, string path)
    {
        if (other is null)
        {
            // They removed it (or never had it): removed, unless we changed it meanwhile.
            if (original is null || Same(original, mine))
            {
                return original is null ? mine : null;
            }

            conflicts.Add($"{path}{mine.Key}: changed on one side, removed on the other");
            return mine;
        }

        if (original is not null && Same(original, other))
        {
            return mine;
        }

        if (Same(mine, other))
        {
            return mine;
        }

        if (original is not null && Same(original, mine))
        {
            return other;
        }

        if (mine.IsBlock && other.IsBlock
            && Pick(original?.Text, mine.Text, other.Text) is { } head && Pick(original?.Tail, mine.Tail!, other.Tail!) is { } tail)
        {
            var children = Merge(original?.Children ?? [], mine.Children!, other.Children!, conflicts, path + mine.Key + " > ");
            return mine with { Text = head, Tail = tail, Children = children };
        }

        conflicts.Add($"{path}{mine.Key}: changed on both sides");
        return mine;
    }

    private static string? Pick(string? original, string mine, string other)
        => Normal(mine) == Normal(other) || Normal(original) == Normal(other) ? mine : Normal(original) == Normal(mine) ? other : null;

    private static Dictionary<string, ModelStatement> ByKey(IReadOnlyList<ModelStatement> statements)
        => statements.ToDictionary(s => s.Key, StringComparer.Ordinal);

    private static string Normal(string? text) => ModelCode.Normal(text);
}
