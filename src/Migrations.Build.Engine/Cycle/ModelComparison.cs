namespace Migrations.Build.Engine.Cycle;

/// <summary>
/// At head, the live schema against what the model expects: tables, columns with store type and
/// nullability, keys, indexes and foreign keys. Each difference names the migration that made it
/// (the last one that changed that part of the schema), e.g. an Up hand-edited away from the model.
/// </summary>
internal sealed class ModelComparison(SchemaReader reader)
{
    /// <summary>The schema the migrations build is not the model's.</summary>

    private static readonly IReadOnlySet<FactKind> Compared = new HashSet<FactKind>(Enum.GetValues<FactKind>()
        .Where(k => k is not (FactKind.Default or FactKind.Catalog)));

    /// <param name="ids">The migrations applied, oldest first, the last one at head.</param>
    /// <param name="snapshots">The schema before the first of them, then after each.</param>
    public IReadOnlyList<(string Migration, string Text)> Check(IReadOnlyList<string> ids, IReadOnlyList<SchemaSnapshot> snapshots)
    {
        var live = snapshots[^1];
        return reader.ReadModel().Compare(live, Compared)
            .Where(d => !live.Unread.Contains(d.Fact.Table ?? string.Empty)
                && !live.Unread.Contains(d.Fact.Refers ?? string.Empty)) // known by its definition only, said when read
            .Select(d => (MadeBy(d, ids, snapshots) ?? ids[^1], Describe(d, MadeBy(d, ids, snapshots))))
            .ToList();
    }

    private static string Describe(SchemaDifference d, string? madeBy)
    {
        var by = madeBy is null ? string.Empty : $" (from {madeBy})";
        return d.Missing ? $"{d.Fact.Display} is in the model but not in the database{by}"
            : d.Extra ? $"{d.Fact.Display} is in the database but not in the model{by}"
            : $"{d.Fact.Display}: the model has {d.Was}, the database {d.Is}{by}";
    }

    /// <summary>The last migration that changed this fact, or null when none did (it was never there).</summary>
    private static string? MadeBy(SchemaDifference d, IReadOnlyList<string> ids, IReadOnlyList<SchemaSnapshot> snapshots)
    {
        for (var i = ids.Count; i > 0; i--)
        {
            if (snapshots[i].Find(d.Fact.Key)?.Value != snapshots[i - 1].Find(d.Fact.Key)?.Value)
            {
                return ids[i - 1];
            }
        }

        return null;
    }
}
