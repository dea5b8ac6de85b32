using System.Globalization;
using System.Text.Json;

namespace Migrations.Build.Engine.Restore;

/// <summary>
/// Turns a backed-up JSON value into the value a column takes now: by the column's .NET type as the
/// database reports it, else by the type the backup recorded. What can't be converted is a
/// <see cref="FormatException"/> naming the value's kind, never the value (it may be personal data).
/// </summary>
internal static class ValueReader
{
    public static object Read(JsonElement value, Type target, string backupType)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return DBNull.Value;
        }

        var type = target == typeof(object) ? FromName(backupType) : target;
        try
        {
            return Convert(value, type, backupType);
        }
        catch (Exception e) when (e is FormatException or OverflowException or InvalidOperationException or ArgumentException)
        {
            throw new FormatException($"a {backupType} value ({value.ValueKind}) can't be stored as {type.Name}", e);
        }
    }

    private static object Convert(JsonElement value, Type type, string backupType)
    {
        var text = value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
        return type switch
        {
            _ when type == typeof(string) => backupType == "Byte[]" ? throw new FormatException("binary into text") : text,
            _ when type == typeof(long) => Integer(value, text),
            _ when type == typeof(int) => checked((int)Integer(value, text)),
            _ when type == typeof(short) => checked((short)Integer(value, text)),
            _ when type == typeof(byte) => checked((byte)Integer(value, text)),
            _ when type == typeof(bool) => value.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                JsonValueKind.Number => value.GetInt64() != 0,
                _ => bool.Parse(text),
            },
            _ when type == typeof(decimal) => decimal.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
            _ when type == typeof(double) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
            _ when type == typeof(float) => float.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
            _ when type == typeof(DateTime) => DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
            _ when type == typeof(DateTimeOffset) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
            _ when type == typeof(DateOnly) => DateOnly.FromDateTime(DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind)),
            _ when type == typeof(TimeOnly) => TimeOnly.Parse(text, CultureInfo.InvariantCulture),
            _ when type == typeof(TimeSpan) => TimeSpan.Parse(text, CultureInfo.InvariantCulture),
            _ when type == typeof(Guid) => Guid.Parse(text),
            _ when type == typeof(byte[]) => value.GetBytesFromBase64(),
            _ when value.ValueKind == JsonValueKind.Array
                => JsonSerializer.Deserialize(value.GetRawText(), type) ?? throw new FormatException("an empty array value"),
            _ => text,
        };
    }

    private static long Integer(JsonElement value, string text) => value.ValueKind switch
    {
        JsonValueKind.Number => value.GetInt64(),
        JsonValueKind.True => 1,
        JsonValueKind.False => 0,
        _ => long.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture),
    };

    /// <summary>The .NET type a backup's type name stands for (what BackupWriter recorded).</summary>
    private static Type FromName(string name) => name switch
    {
        "Int64" or "Int32" or "Int16" or "Byte" or "SByte" or "UInt16" or "UInt32" => typeof(long),
        "Boolean" => typeof(bool),
        "Decimal" => typeof(decimal),
        "Double" => typeof(double),
        "Single" => typeof(float),
        "DateTime" => typeof(DateTime),
        "DateTimeOffset" => typeof(DateTimeOffset),
        "DateOnly" => typeof(DateOnly),
        "TimeOnly" => typeof(TimeOnly),
        "TimeSpan" => typeof(TimeSpan),
        "Guid" => typeof(Guid),
        "Byte[]" => typeof(byte[]),
        _ => typeof(string),
    };
}
