using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Migrations.Build.Protocol;

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

        return "sha256:" + Hex.Lower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private static string TypeName(Type type)
        => type.IsGenericType
            ? $"{type.Namespace}.{type.Name}[{string.Join(",", type.GetGenericArguments().Select(TypeName))}]"
            : type.IsArray ? TypeName(type.GetElementType()!) + "[]" : $"{type.Namespace}.{type.Name}";

    private static void Write(StringBuilder text, object? value, int depth)
    {
        switch (value)
        {
            case null:
                text.Append("null");
                return;
            case string s:
                // Line endings follow the checkout (autocrlf), not what the migration does.
                var normalized = s.Replace("\r\n", "\n", StringComparison.Ordinal);
                text.Append('"').Append(normalized.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)).Append('"');
                return;
            case Type t:
                text.Append(TypeName(t)); // without assembly versions, which change with the runtime
                return;
            case IFormattable f:
                text.Append(value.GetType().Name).Append(':')
                    .Append(f.ToString(value is DateTime or DateTimeOffset ? "O" : null, CultureInfo.InvariantCulture));
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
            // Unset properties are left out, so a property a new EF Core version adds changes no hash.
            var propertyValue = property.GetValue(value);
            if (propertyValue is null or false || propertyValue is IEnumerable e and not string && !e.GetEnumerator().MoveNext())
            {
                continue;
            }

            text.Append(property.Name).Append('=');
            Write(text, propertyValue, depth + 1);
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
