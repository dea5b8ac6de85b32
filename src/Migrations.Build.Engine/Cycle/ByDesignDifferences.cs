using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace Migrations.Build.Engine.Cycle;

/// <summary>
/// Differences EF Core's own scaffolding makes on purpose: notes, not failures, or nearly every
/// generated Down would fail the cycle. When a Down re-adds a required column (or makes a column
/// required again), EF Core scaffolds <c>defaultValue:</c> the CLR default (0, "", false,
/// 0001-01-01...) so that existing rows get a value; the column then keeps a default its Up never
/// had. And a scaffolded Down never drops a schema its Up ensured (another table may live in it). A difference accepted once is accepted again, silently, at
/// the steps after it.
/// </summary>
internal sealed class ByDesignDifferences
{
    private readonly HashSet<(string Key, string? Was, string? Is)> _accepted = [];

    /// <summary>The note for <paramref name="difference"/> when it is by design; "" when already noted; null when it is a real difference.</summary>
    public string? Explain(SchemaDifference difference, Migration migration, string when)
    {
        var seen = (difference.Fact.Key, difference.Was, difference.Is);
        if (_accepted.Contains(seen))
        {
            return string.Empty;
        }

        if (difference.Extra && migration.UpOperations.OfType<EnsureSchemaOperation>().Any(e => difference.Fact.Key == "schema " + e.Name))
        {
            _accepted.Add(seen);
            return $"{difference.Fact.Display} is still there {when}. By design: EF Core's Down never drops a schema its Up ensured (EnsureSchema), "
                + "as other tables may be in it.";
        }

        if (difference.Fact.Kind != FactKind.Default || difference.Was != "none" || difference.Is is null
            || migration.DownOperations.OfType<ColumnOperation>().FirstOrDefault(c => Scaffolded(c, difference.Fact.Key)) is not { } column)
        {
            return null;
        }

        _accepted.Add(seen);
        var verb = column is AddColumnOperation ? "re-adds" : "makes required again";
        return $"{difference.Fact.Display}: was none, is {difference.Is} {when}. By design: EF Core scaffolds defaultValue: {Show(column.DefaultValue)} "
            + $"when a Down {verb} a required column, so that existing rows get a value.";
    }

    private static bool Scaffolded(ColumnOperation column, string key)
        => column is AddColumnOperation or AlterColumnOperation && !column.IsNullable && column.DefaultValueSql is null && IsClrDefault(column)
            && (key == $"column {column.Table}.{column.Name} default" || key == $"column {column.Schema}.{column.Table}.{column.Name} default");

    private static bool IsClrDefault(ColumnOperation column) => column.DefaultValue switch
    {
        null => false,
        string s => s.Length == 0,
        byte[] b => b.Length == 0,
        var value => column.ClrType.IsValueType && Equals(value, Activator.CreateInstance(Nullable.GetUnderlyingType(column.ClrType) ?? column.ClrType)),
    };

    private static string Show(object? value) => value switch
    {
        string s => $"\"{s}\"",
        byte[] => "new byte[0]",
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value?.ToString() ?? "null",
    };
}
