using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Migrations.Build.Protocol;

namespace Migrations.Build.Engine.Safety;

/// <summary>
/// A column type with a better choice (MIG601-MIG605), at severity suggestion: shown by lint, never
/// failing. It judges the columns a migration adds or creates, and a column altered to that kind of
/// type from another; only store types it can see (ColumnType, else EF Core's default mapping).
/// </summary>
internal abstract partial class TypeSuggestionRule : SafetyRule
{
    public sealed override string DefaultSeverity => LogLevels.Suggestion;

    /// <summary>Whether the rule applies to the migration's provider.</summary>
    protected abstract bool Judges(MigrationScope scope);

    /// <summary>Whether the column has the type the rule suggests against.</summary>
    protected abstract bool IsKind(ColumnOperation column, bool isKey, MigrationScope scope);

    /// <summary>Why that type is a poor choice, in one sentence.</summary>
    protected abstract string Why(ColumnOperation column);

    public sealed override IEnumerable<RuleHit> Check(MigrationOperation operation, MigrationScope scope)
    {
        if (!Judges(scope))
        {
            yield break;
        }

        foreach (var (column, table, schema, isKey) in Columns(operation, scope))
        {
            if (IsKind(column, isKey, scope) && (column is not AlterColumnOperation alter || !IsKind(alter.OldColumn, isKey, scope)))
            {
                var type = column.ColumnType ?? column.ClrType?.Name;
                yield return new RuleHit($"Column {MigrationScope.Display(table, schema)}.{column.Name} is {type}: {Why(column)}",
                    table, column.Name, operation);
            }
        }
    }

    /// <summary>The store type's name, lower case, without its arguments: "timestamp(3) without time zone" is "timestamp without time zone".</summary>
    protected static string StoreName(ColumnOperation column)
        => column.ColumnType is { } type ? Arguments().Replace(type.ToLowerInvariant(), string.Empty).Trim() : string.Empty;

    /// <summary>The length a column holds: MaxLength, else the store type's first argument ("varchar(200)": 200).</summary>
    protected static int? Length(ColumnOperation column)
        => column.MaxLength ?? (column.ColumnType is { } type && Arguments().Match(type) is { Success: true } m
            && int.TryParse(m.Groups["n"].Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null);

    /// <summary>The columns an operation adds, creates or alters, each with whether it is (part of) the table's primary key.</summary>
    private static IEnumerable<(ColumnOperation Column, string Table, string? Schema, bool IsKey)> Columns(MigrationOperation operation, MigrationScope scope)
    {
        switch (operation)
        {
            case CreateTableOperation create:
                foreach (var column in create.Columns)
                {
                    yield return (column, create.Name, create.Schema,
                        create.PrimaryKey?.Columns.Contains(column.Name) == true || InAddedKey(scope, create.Name, column.Name));
                }

                break;
            case AddColumnOperation add:
                yield return (add, add.Table, add.Schema, InAddedKey(scope, add.Table, add.Name));
                break;
            case AlterColumnOperation alter:
                yield return (alter, alter.Table, alter.Schema, InAddedKey(scope, alter.Table, alter.Name));
                break;
        }
    }

    private static bool InAddedKey(MigrationScope scope, string table, string column)
        => scope.Analyzed.OfType<AddPrimaryKeyOperation>().Any(k => k.Table.Equals(table, StringComparison.OrdinalIgnoreCase) && k.Columns.Contains(column));

    [GeneratedRegex(@"\s*\(\s*(?<n>\d+)?[^)]*\)")]
    private static partial Regex Arguments();
}
