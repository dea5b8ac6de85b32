using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace Migrations.Build.Engine.Integrity;

/// <summary>
/// A hash of what a migration does: its Up and Down operations, every property and annotation,
/// written in one canonical form. Formatting and comments in the source don't reach the operations,
/// so they don't change the hash; any change to what runs does.
/// </summary>
internal static class OperationFingerprint
{
    public static string Compute(IEnumerable<MigrationOperation> up, IEnumerable<MigrationOperation> down)
    {
        var text = new StringBuilder();
        text.Append("up\n");
        foreach (var operation in up)
        {
            Write(text, operation, 0);
        }

        text.Append("down\n");
        foreach (var operation in down)
        {
            Write(text, operation, 0);
        }

        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private static void Write(StringBuilder text, object? value, int depth)
    {
        switch (value)
        {
            case null:
                text.Append("null");
                return;
            case string s:
                text.Append('"').Append(s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)).Append('"');
                return;
            case Type t:
                text.Append(t.FullName);
                return;
            case IFormattable f:
                text.Append(value.GetType().Name).Append(':').Append(f.ToString(value is DateTime or DateTimeOffset ? "O" : null, CultureInfo.InvariantCulture));
                return;
            case bool or char or Guid:
                text.Append(value);
                return;
            case object[,] grid:
                text.Append('[');
                foreach (var cell in grid)
                {
                    Write(text, cell, depth + 1);
                    text.Append(',');
                }

                text.Append(']');
                return;
            case IEnumerable items and not IAnnotatable:
                text.Append('[');
                foreach (var item in items)
                {
                    Write(text, item, depth + 1);
                    text.Append(',');
                }

                text.Append(']');
                return;
        }

        if (depth > 8)
        {
            text.Append("...");
            return;
        }

        text.Append(value.GetType().Name).Append('{');
        foreach (var property in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance)
                     .Where(p => p.GetIndexParameters().Length == 0 && p.CanRead)
                     .OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            text.Append(property.Name).Append('=');
            Write(text, property.GetValue(value), depth + 1);
            text.Append(';');
        }

        if (value is IAnnotatable annotatable)
        {
            foreach (var annotation in annotatable.GetAnnotations().OrderBy(a => a.Name, StringComparer.Ordinal))
            {
                text.Append('@').Append(annotation.Name).Append('=');
                Write(text, annotation.Value, depth + 1);
                text.Append(';');
            }
        }

        text.Append("}\n");
    }
}
