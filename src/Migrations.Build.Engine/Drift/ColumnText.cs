using System.Globalization;
using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace Migrations.Build.Engine.Drift;

/// <summary>A column operation's store type and values as people write them: facets once, literals quoted.</summary>
internal static class ColumnText
{
    public static string Column(ColumnOperation c, string table)
    {
        var parts = new List<string> { $"{table}.{c.Name} {TypeOf(c)}", c.IsNullable ? "nullable" : "required" };
        if (c.DefaultValue is not null || c.DefaultValueSql is not null)
        {
            parts.Add("default " + Default(c));
        }

        if (c.ComputedColumnSql is { } computed)
        {
            parts.Add($"computed as {computed}{(c.IsStored == true ? " stored" : string.Empty)}");
        }

        return string.Join(", ", parts);
    }

    public static string Change(AlterColumnOperation c)
    {
        var old = c.OldColumn;
        var changes = new List<string>();
        var (oldType, newType) = (TypeOf(old), TypeOf(c));
        if (oldType != newType)
        {
            changes.Add($"{oldType} -> {newType}");
        }

        if (old.IsNullable != c.IsNullable)
        {
            changes.Add(c.IsNullable ? "required -> nullable" : "nullable -> required");
        }

        if (Default(old) != Default(c))
        {
            changes.Add($"default {Default(old)} -> {Default(c)}");
        }

        if (old.ComputedColumnSql != c.ComputedColumnSql)
        {
            changes.Add($"computed {old.ComputedColumnSql ?? "none"} -> {c.ComputedColumnSql ?? "none"}");
        }

        return changes.Count > 0 ? string.Join(", ", changes) : "options changed";
    }

    /// <summary>The store type with its facets, once: a type that already carries them (<c>character varying(30)</c>) is left alone.</summary>
    public static string TypeOf(ColumnOperation c)
    {
        var type = c.ColumnType ?? c.ClrType?.Name ?? "?";
        if (type.Contains('(', StringComparison.Ordinal))
        {
            return type;
        }

        if (c.MaxLength is { } max)
        {
            return $"{type}({max})";
        }

        return c.Precision is { } p ? $"{type}({p}{(c.Scale is { } s ? "," + s : string.Empty)})" : type;
    }

    private static string Default(ColumnOperation c) => c.DefaultValueSql ?? (c.DefaultValue is null ? "none" : Literal(c.DefaultValue));

    /// <summary>A value as SQL-minded people read it: text quoted (so an empty one shows), dates in ISO form, bytes in hex.</summary>
    public static string Literal(object value) => value switch
    {
        string s => $"'{s.Replace("'", "''", StringComparison.Ordinal)}'",
        bool b => b ? "true" : "false",
        byte[] bytes => bytes.Length == 0 ? "0x (empty)" : "0x" + Convert.ToHexString(bytes),
        DateTime d => d.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        DateTimeOffset d => d.ToString("yyyy-MM-dd HH:mm:ssK", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        TimeOnly t => t.ToString("HH:mm:ss", CultureInfo.InvariantCulture),
        Guid g => g.ToString(),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
