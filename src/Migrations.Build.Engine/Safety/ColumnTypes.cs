using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace Migrations.Build.Engine.Safety;

/// <summary>Compares an old and a new column: does the change lose data, does it change the stored type?</summary>
internal static partial class ColumnTypes
{
    // Store types ranked by what they hold, per family; a lower rank holds less.
    private static readonly Dictionary<string, (string Family, int Rank)> StoreRanks = new(StringComparer.OrdinalIgnoreCase)
    {
        ["tinyint"] = ("int", 1), ["int1"] = ("int", 1),
        ["smallint"] = ("int", 2), ["int2"] = ("int", 2),
        ["int"] = ("int", 3), ["integer"] = ("int", 3), ["int4"] = ("int", 3),
        ["bigint"] = ("int", 4), ["int8"] = ("int", 4),
        ["real"] = ("float", 1), ["float4"] = ("float", 1),
        ["float"] = ("float", 2), ["double precision"] = ("float", 2), ["float8"] = ("float", 2),
    };

    // CLR types ranked the same way: widening within a family (or to string) is safe.
    private static readonly Dictionary<Type, (string Family, int Rank)> ClrRanks = new()
    {
        [typeof(byte)] = ("int", 1), [typeof(short)] = ("int", 2), [typeof(int)] = ("int", 3), [typeof(long)] = ("int", 4),
        [typeof(float)] = ("float", 1), [typeof(double)] = ("float", 2),
        [typeof(DateOnly)] = ("time", 1), [typeof(DateTime)] = ("time", 2), [typeof(DateTimeOffset)] = ("time", 3),
    };

    /// <summary>Why the change can lose data, or null when it can't.</summary>
    public static string? Narrowing(ColumnOperation old, ColumnOperation @new)
    {
        var (oldClr, newClr) = (Unwrap(old.ClrType), Unwrap(@new.ClrType));
        if (oldClr != newClr && oldClr is not null && newClr is not null && newClr != typeof(string))
        {
            var widening = ClrRanks.TryGetValue(oldClr, out var o) && ClrRanks.TryGetValue(newClr, out var n) && o.Family == n.Family && n.Rank >= o.Rank
                || IntegerToDecimal(oldClr, newClr, @new);
            if (!widening)
            {
                return $"{oldClr.Name} -> {newClr.Name}";
            }
        }

        var (oldStore, newStore) = (Parse(old.ColumnType), Parse(@new.ColumnType));
        if (StoreRanks.TryGetValue(oldStore.Name, out var os) && StoreRanks.TryGetValue(newStore.Name, out var ns)
            && os.Family == ns.Family && ns.Rank < os.Rank)
        {
            return $"{old.ColumnType} -> {@new.ColumnType}";
        }

        var (oldLength, newLength) = (old.MaxLength ?? oldStore.Length, @new.MaxLength ?? newStore.Length);
        if (newLength is { } shorter && (oldLength is null || shorter < oldLength))
        {
            return $"length {oldLength?.ToString(CultureInfo.InvariantCulture) ?? "unlimited"} -> {shorter}";
        }

        var (oldPrecision, newPrecision) = (old.Precision ?? oldStore.Precision, @new.Precision ?? newStore.Precision);
        var (oldScale, newScale) = (old.Scale ?? oldStore.Scale ?? 0, @new.Scale ?? newStore.Scale ?? 0);
        if (oldPrecision is { } op && newPrecision is { } np && (newScale < oldScale || np - newScale < op - oldScale))
        {
            return $"precision ({op},{oldScale}) -> ({np},{newScale})";
        }

        if (oldPrecision is null && newPrecision is { } bounded && Unwrap(@new.ClrType) == typeof(decimal) && Unwrap(old.ClrType) == typeof(decimal))
        {
            return $"unbounded precision -> ({bounded},{newScale})"; // e.g. PostgreSQL numeric -> numeric(10,2)
        }

        if (old.IsUnicode != false && @new.IsUnicode == false || IsUnicodeStore(oldStore.Name) && IsNonUnicodeStore(newStore.Name))
        {
            return "Unicode -> non-Unicode text";
        }

        return null;
    }

    /// <summary>True when the stored type itself changes, which rewrites the table on most databases.</summary>
    public static bool ChangesStoredType(ColumnOperation old, ColumnOperation @new)
    {
        if (Unwrap(old.ClrType) != Unwrap(@new.ClrType))
        {
            return true;
        }

        var (a, b) = (Parse(old.ColumnType).Name, Parse(@new.ColumnType).Name);
        return a.Length > 0 && b.Length > 0 && !a.Equals(b, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// True when PostgreSQL changes the type without rewriting the table: between varchar and text
    /// (binary coercible), as long as a varchar doesn't get shorter.
    /// </summary>
    public static bool PostgresBinaryCoercible(ColumnOperation old, ColumnOperation @new)
    {
        var (a, b) = (Parse(old.ColumnType), Parse(@new.ColumnType));
        static bool Text(string name) => name is "text" or "varchar" or "character varying";
        var (oldLength, newLength) = (old.MaxLength ?? a.Length, @new.MaxLength ?? b.Length);
        return Text(a.Name) && Text(b.Name) && (newLength is null || oldLength is { } o && newLength >= o);
    }

    /// <summary>An identity or serial column: the database generates its values, existing rows included.</summary>
    public static bool IsIdentity(ColumnOperation column)
        => column["Npgsql:ValueGenerationStrategy"]?.ToString() is { } strategy && strategy.EndsWith("Column", StringComparison.Ordinal)
            || column["SqlServer:Identity"] is not null || column["SqlServer:ValueGenerationStrategy"]?.ToString() == "IdentityColumn";

    /// <summary>An integer fits a decimal with enough digits before the point (int: 10, short: 5, byte: 3, long: 19).</summary>
    private static bool IntegerToDecimal(Type old, Type @new, ColumnOperation column)
    {
        var digits = old == typeof(byte) ? 3 : old == typeof(short) ? 5 : old == typeof(int) ? 10 : old == typeof(long) ? 19 : -1;
        var (_, _, precision, scale) = Parse(column.ColumnType);
        var p = column.Precision ?? precision ?? 18;
        return @new == typeof(decimal) && digits > 0 && p - (column.Scale ?? scale ?? 0) >= digits;
    }

    private static Type? Unwrap(Type? type) => type is null ? null : Nullable.GetUnderlyingType(type) ?? type;

    private static bool IsUnicodeStore(string name) => name.StartsWith('n') && name.Length > 1 && name[1..] is "varchar" or "char" or "text";

    private static bool IsNonUnicodeStore(string name) => name is "varchar" or "char" or "text";

    /// <summary>"nvarchar(50)" to (nvarchar, 50); "decimal(18,2)" to (decimal, precision 18, scale 2); "varchar(max)" to unlimited.</summary>
    internal static (string Name, int? Length, int? Precision, int? Scale) Parse(string? storeType)
    {
        if (string.IsNullOrWhiteSpace(storeType))
        {
            return (string.Empty, null, null, null);
        }

        var match = StoreType().Match(storeType.Trim());
        var name = match.Groups["name"].Value.Trim().ToLowerInvariant();
        var args = match.Groups["args"].Success
            ? match.Groups["args"].Value.Split(',')
                .Select(a => int.TryParse(a.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : (int?)null).ToArray()
            : [];
        var isNumeric = name is "decimal" or "numeric" or "number";
        return isNumeric
            ? (name, null, args.ElementAtOrDefault(0), args.ElementAtOrDefault(1))
            : (name, args.ElementAtOrDefault(0), null, null);
    }

    [GeneratedRegex(@"^(?<name>[^(]+?)\s*(\((?<args>[^)]*)\))?\s*$")]
    private static partial Regex StoreType();
}
