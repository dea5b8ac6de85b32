using System.Globalization;
using Migrations.Build.Engine.Safety;
using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace Migrations.Build.Engine.Validate;

/// <summary>
/// For a narrowing column change (MIG104): the SQL condition of the values that no longer fit —
/// longer than the new length, out of the new precision or scale, out of a smaller integer's range.
/// Null when the change can't be put as a condition (then every value counts as at risk).
/// </summary>
internal static class NarrowedValues
{
    private static readonly Dictionary<Type, (long Min, long Max)> IntegerRanges = new()
    {
        [typeof(byte)] = (byte.MinValue, byte.MaxValue),
        [typeof(short)] = (short.MinValue, short.MaxValue),
        [typeof(int)] = (int.MinValue, int.MaxValue),
    };

    public static string? Condition(AlterColumnOperation alter, string column, string provider)
    {
        var conditions = new List<string>();
        var (_, newLength, newPrecision, newScale) = ColumnTypes.Parse(alter.ColumnType);
        var (_, oldLength, oldPrecision, _) = ColumnTypes.Parse(alter.OldColumn.ColumnType);
        var (length, lengthBefore) = (alter.MaxLength ?? newLength, alter.OldColumn.MaxLength ?? oldLength);
        if (length is { } n && (lengthBefore is null || n < lengthBefore))
        {
            var function = provider.Contains("SqlServer", StringComparison.OrdinalIgnoreCase) ? "LEN" : "LENGTH";
            conditions.Add($"{function}({column}) > {n.ToString(CultureInfo.InvariantCulture)}");
        }

        if ((alter.Precision ?? newPrecision) is { } precision && (alter.OldColumn.Precision ?? oldPrecision) is var before
            && (before is null || precision <= before))
        {
            var scale = alter.Scale ?? newScale ?? 0;
            var number = provider.Contains("Sqlite", StringComparison.OrdinalIgnoreCase) ? $"CAST({column} AS REAL)" : column;
            var limit = "1" + new string('0', Math.Max(0, precision - scale));
            conditions.Add($"ABS({number}) >= {limit} OR {number} <> ROUND({number}, {scale.ToString(CultureInfo.InvariantCulture)})");
        }

        var clr = alter.ClrType is { } t ? Nullable.GetUnderlyingType(t) ?? t : null;
        if (clr is not null && clr != (alter.OldColumn.ClrType is { } o ? Nullable.GetUnderlyingType(o) ?? o : null)
            && IntegerRanges.TryGetValue(clr, out var range))
        {
            conditions.Add($"{column} < {range.Min.ToString(CultureInfo.InvariantCulture)} OR {column} > {range.Max.ToString(CultureInfo.InvariantCulture)}");
        }

        return conditions.Count == 0 ? null : string.Join(" OR ", conditions.Select(c => $"({c})"));
    }
}
