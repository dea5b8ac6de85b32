using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Migrations.Build.Engine.Backup;

/// <summary>How a value is written in a backup row; every way of reading rows ends here or writes the same bytes.</summary>
internal static class BackupValue
{
    /// <summary>
    /// One value, keeping its type (see BackupFormat). Arrays and lists (PostgreSQL arrays) are JSON
    /// arrays; a type with no faithful text form is refused rather than written as its type's name.
    /// </summary>
    public static void Write(Utf8JsonWriter row, object? value, string table, string column)
    {
        switch (value)
        {
            case null: row.WriteNullValue(); break;
            case bool b: row.WriteBooleanValue(b); break;
            case byte or short or int or long or sbyte or ushort or uint: row.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture)); break;
            case ulong u: row.WriteNumberValue(u); break;
            case double d when double.IsFinite(d): row.WriteNumberValue(d); break;
            case float f when float.IsFinite(f): row.WriteNumberValue(f); break;
            case decimal m: row.WriteStringValue(m.ToString(CultureInfo.InvariantCulture)); break;
            case DateTime dt: row.WriteStringValue(dt.ToString("O", CultureInfo.InvariantCulture)); break;
            case DateTimeOffset dto: row.WriteStringValue(dto.ToString("O", CultureInfo.InvariantCulture)); break;
            case DateOnly date: row.WriteStringValue(date.ToString("O", CultureInfo.InvariantCulture)); break;
            case TimeOnly time: row.WriteStringValue(time.ToString("O", CultureInfo.InvariantCulture)); break;
            case TimeSpan span: row.WriteStringValue(span.ToString("c", CultureInfo.InvariantCulture)); break;
            case Guid g: row.WriteStringValue(g.ToString("D")); break;
            case byte[] bytes: row.WriteBase64StringValue(bytes); break;
            case IFormattable other: row.WriteStringValue(other.ToString(null, CultureInfo.InvariantCulture)); break;
            case string text: row.WriteStringValue(text); break;
            case System.Collections.IEnumerable items:
                row.WriteStartArray();
                foreach (var item in items)
                {
                    Write(row, item is DBNull ? null : item, table, column);
                }

                row.WriteEndArray();
                break;
            default:
                var textForm = value.ToString();
                if (textForm is null || textForm == value.GetType().ToString())
                {
                    throw new EngineException($"{table}.{column} holds {value.GetType().Name} values, which a backup can't keep exactly; nothing was backed up "
                        + "and nothing changed. Leave the table out with --tables.");
                }

                row.WriteStringValue(textForm);
                break;
        }
    }

    /// <summary>
    /// Text the database gave as UTF-8 bytes, with no .NET string between. Invalid UTF-8 becomes what a .NET
    /// string would have made of it (each bad sequence a U+FFFD), as the drivers' own reads give.
    /// </summary>
    public static void WriteText(Utf8JsonWriter row, ReadOnlySpan<byte> utf8)
    {
        if (System.Text.Unicode.Utf8.IsValid(utf8))
        {
            row.WriteStringValue(utf8);
        }
        else
        {
            row.WriteStringValue(Encoding.UTF8.GetString(utf8));
        }
    }
}
