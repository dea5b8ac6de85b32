using Migrations.Build.Protocol;

namespace Migrations.Build.Engine.Migrate;

/// <summary>
/// Turns a target as users write it into a migration id (null meaning base): <c>head</c>,
/// <c>base</c> or <c>0</c>, a full id, a name, a unique id prefix, or <c>+N</c>/<c>-N</c> relative
/// to the current migration. Anything unknown or ambiguous is a usage error listing candidates.
/// </summary>
internal sealed class TargetResolver(IReadOnlyList<string> ids, Func<string, string> nameOf)
{
    private const int MaxListed = 20;

    public string? Resolve(string target, string? current)
    {
        var t = target.Trim();
        if (t.Length == 0)
        {
            throw Unknown(target, "The target is empty.");
        }

        if (t.Equals("head", StringComparison.OrdinalIgnoreCase))
        {
            return ids.Count > 0 ? ids[^1] : null;
        }

        if (t.Equals("base", StringComparison.OrdinalIgnoreCase) || t == "0")
        {
            return null;
        }

        if ((t[0] == '+' || t[0] == '-')
            && int.TryParse(t.AsSpan(1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var steps))
        {
            return Relative(t, current, t[0] == '+' ? steps : -steps);
        }

        if (ids.FirstOrDefault(id => id.Equals(t, StringComparison.OrdinalIgnoreCase)) is { } exact)
        {
            return exact;
        }

        var byName = ids.Where(id => nameOf(id).Equals(t, StringComparison.OrdinalIgnoreCase)).ToList();
        if (byName.Count == 1)
        {
            return byName[0];
        }

        if (byName.Count > 1)
        {
            throw Ambiguous(target, byName);
        }

        var byPrefix = ids.Where(id => id.StartsWith(t, StringComparison.OrdinalIgnoreCase)).ToList();
        return byPrefix.Count switch
        {
            1 => byPrefix[0],
            > 1 => throw Ambiguous(target, byPrefix),
            _ => throw Unknown(target, $"No migration matches '{target}'."),
        };
    }

    private string? Relative(string target, string? current, int delta)
    {
        var index = current is null ? -1 : IndexOf(current);
        var to = index + delta;
        if (to < -1)
        {
            throw new EngineException(
                $"Target '{target}' goes past base: the database is {Describe(current)}, "
                + $"{index + 1} migration(s) above base. Use 'base' to go all the way down.");
        }

        if (to >= ids.Count)
        {
            throw new EngineException(
                $"Target '{target}' goes past head: the database is {Describe(current)}, "
                + $"{ids.Count - 1 - index} migration(s) below head. Use 'head' to apply them all.");
        }

        return to == -1 ? null : ids[to];
    }

    private int IndexOf(string current)
    {
        var index = -1;
        for (var i = 0; i < ids.Count && string.CompareOrdinal(ids[i], current) <= 0; i++)
        {
            index = i;
        }

        return index;
    }

    private static string Describe(string? current) => current is null ? "at base" : $"at {current}";

    private EngineException Ambiguous(string target, IReadOnlyList<string> matches)
        => new($"Target '{target}' is ambiguous; it matches:{List(matches)}\nGive more of the id.", ExitCodes.Usage);

    private EngineException Unknown(string target, string reason)
    {
        var candidates = ids.Count == 0
            ? "\nThe project has no migrations yet; create one with 'dotnet migrate revision -m <message>'."
            : $"\nKnown migrations:{List(ids)}";
        return new EngineException(
            $"{reason} A target is head, base (or 0), a migration id, its name, a unique id prefix, or +N/-N.{candidates}",
            ExitCodes.Usage);
    }

    private static string List(IReadOnlyList<string> items)
    {
        var shown = items.Count > MaxListed ? items.Skip(items.Count - MaxListed) : items;
        var more = items.Count > MaxListed ? $"\n  ... and {items.Count - MaxListed} older" : string.Empty;
        return more + string.Concat(shown.Select(i => "\n  " + i));
    }
}
