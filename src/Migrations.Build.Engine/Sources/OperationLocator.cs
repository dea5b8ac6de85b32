using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace Migrations.Build.Engine.Sources;

/// <summary>
/// Finds the line of each operation's call in a migration's Up method. EF Core builds Up's
/// operations in call order, so each operation takes the next call of its MigrationBuilder method
/// (DropColumnOperation: migrationBuilder.DropColumn) after the previous one's.
/// </summary>
internal sealed class OperationLocator
{
    private readonly Dictionary<MigrationOperation, SourceLocation> _lines = new(ReferenceEqualityComparer.Instance);

    public OperationLocator(SourceLocation? migration, IReadOnlyList<MigrationOperation> up, bool inDown = false)
    {
        File = migration;
        if (migration is null)
        {
            return;
        }

        var lines = System.IO.File.ReadAllLines(migration.File);
        var upLine = Array.FindIndex(lines, l => l.Contains(" Up(", StringComparison.Ordinal));
        var down = Array.FindIndex(lines, Math.Max(upLine, 0), l => l.Contains(" Down(", StringComparison.Ordinal));
        var (cursor, end) = inDown ? (down, lines.Length) : (upLine, down < 0 ? lines.Length : down);
        UpLine = cursor < 0 ? migration : new SourceLocation(migration.File, cursor + 1, lines[cursor].Length - lines[cursor].TrimStart().Length + 1);
        foreach (var operation in up)
        {
            // migrationBuilder.DropColumn( and migrationBuilder.AddColumn<string>( alike; not in comments, not in Down.
            var call = new Regex($@"\.{Method(operation)}\s*(<[^>(]*>)?\s*\(");
            var found = cursor < 0 ? -1 : Array.FindIndex(lines, cursor + 1, end - cursor - 1 > 0 ? end - cursor - 1 : 0,
                l => call.IsMatch(l) && !l.TrimStart().StartsWith("//", StringComparison.Ordinal));
            if (found >= 0)
            {
                cursor = found;
                var column = lines[found].Length - lines[found].TrimStart().Length + 1;
                _lines[operation] = new SourceLocation(migration.File, found + 1, column);
            }
        }
    }

    /// <summary>The migration's file at its class.</summary>
    public SourceLocation? File { get; }

    /// <summary>The method's line (Up, or Down when reverting), for findings about the whole migration.</summary>
    public SourceLocation? UpLine { get; }

    public SourceLocation? Locate(MigrationOperation? operation)
        => operation is not null && _lines.TryGetValue(operation, out var at) ? at : UpLine ?? File;

    private static string Method(MigrationOperation operation)
    {
        var name = operation.GetType().Name;
        return name.EndsWith("Operation", StringComparison.Ordinal) ? name[..^"Operation".Length] : name;
    }
}
