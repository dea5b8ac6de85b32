using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace Migrations.Build.Engine.Cycle;

/// <summary>
/// A step that fails because an object is missing or already there names the object, not the
/// migration that left it so: a Down that doesn't move a sequence back makes the next Down fail on
/// it. This finds the most recent earlier step whose operations touch the object the error names,
/// and names its migration as the likely cause.
/// </summary>
internal static partial class LikelyCause
{
    /// <summary>One earlier step: its migration, whether it went down, and the operations it ran.</summary>
    public sealed record Ran(string Migration, bool Down, IReadOnlyList<MigrationOperation> Operations);

    /// <param name="before">The steps that ran before the failing one, most recent first.</param>
    /// <param name="failingDown">A failing Down is not blamed on its own Up: that touches the same objects by nature.</param>
    public static string? Find(string error, string failing, bool failingDown, IEnumerable<Ran> before)
    {
        if (!SchemaStateError().IsMatch(error))
        {
            return null;
        }

        var names = Names(error);
        foreach (var step in before.Where(s => !(failingDown && s.Migration == failing)))
        {
            foreach (var operation in step.Operations)
            {
                if (names.FirstOrDefault(n => Touches(operation, n)) is { } name)
                {
                    var kind = operation.GetType().Name.Replace("Operation", string.Empty, StringComparison.Ordinal);
                    return step.Migration == failing && !step.Down
                        ? $"Likely cause: the Down of {failing}, which doesn't undo what its Up does to {name} ({kind})."
                        : $"Likely cause: {step.Migration}, whose {(step.Down ? "Down" : "Up")} ran before this step and touches {name} ({kind}).";
                }
            }
        }

        return null;
    }

    /// <summary>The names an error quotes ("x", 'x', [x]) or states after SQLite's "no such table:".</summary>
    internal static IReadOnlyList<string> Names(string error)
        => NamePatterns.SelectMany(p => Regex.Matches(error, p, RegexOptions.IgnoreCase)).Select(m => m.Groups[1].Value)
            .SelectMany(n => new[] { n, n[(n.LastIndexOf('.') + 1)..] })
            .Where(n => n.Length > 1).Distinct(StringComparer.OrdinalIgnoreCase).ToList();

    /// <summary>An operation's own names (table, column, sequence, schema...), or a word of its raw SQL.</summary>
    private static bool Touches(MigrationOperation operation, string name)
    {
        if (operation is SqlOperation sql)
        {
            return Regex.IsMatch(sql.Sql, $@"(?<![\w$]){Regex.Escape(name)}(?![\w$])", RegexOptions.IgnoreCase);
        }

        foreach (var property in operation.GetType().GetProperties())
        {
            var value = property.GetIndexParameters().Length == 0 ? property.GetValue(operation) : null;
            if (value is string s && s.Equals(name, StringComparison.OrdinalIgnoreCase)
                || value is string[] list && list.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    // Errors that mean the schema was not in the state the step expected (PostgreSQL, SQLite, SQL Server wording).
    [GeneratedRegex(@"does not exist|already exists|no such |duplicate column|there is already an object|cannot find the object|is not a constraint|"
        + @"could not drop", RegexOptions.IgnoreCase)]
    private static partial Regex SchemaStateError();

    // Each on its own: SQLite quotes its whole message ('table "x" already exists'), so one alternation would take the outer quotes.
    private static readonly string[] NamePatterns =
    [
        @"""([^""]+)""", @"'([^'\s]+)'", @"\[([^\]]+)\]", @"no such (?:table|column|index|view|trigger): ([\w.$]+)",
        @"duplicate column name: ([\w$]+)", @"(?:table|index|view|trigger) ([\w.$]+) already exists",
    ];
}
