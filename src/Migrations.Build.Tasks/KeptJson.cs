using System.Text.Json;
using Migrations.Build.Protocol;

namespace Migrations.Build.Tasks;

/// <summary>
/// The pieces the tasks' files in obj/ share (<see cref="CheckStampJson"/>, <see cref="SourceScanCache"/>): read
/// through <see cref="JsonDocument"/> and written through <see cref="Utf8JsonWriter"/>, not the serializer, whose
/// first use in a build process costs more than what it reads. Written in the serializer's shape with
/// <see cref="ProtocolJson.Compact"/>: camelCase, a null property left out.
/// </summary>
internal static class KeptJson
{
    /// <summary>What <paramref name="write"/> writes, as text.</summary>
    public static string Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = ProtocolJson.Compact.Encoder }))
        {
            write(json);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Whether reading failed because the file is not what was written (cut short, hand-edited, another version's).</summary>
    public static bool Unreadable(Exception e) => e is JsonException or InvalidOperationException or FormatException or KeyNotFoundException;

    /// <summary>An optional string property: null when it is missing or null.</summary>
    public static string? Text(JsonElement e, string name) => Present(e, name, out var value) ? value.GetString() : null;

    public static int? Int(JsonElement e, string name) => Present(e, name, out var value) ? value.GetInt32() : null;

    public static long? Long(JsonElement e, string name) => Present(e, name, out var value) ? value.GetInt64() : null;

    /// <summary>A string property, left out when null.</summary>
    public static void WriteText(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }

    /// <summary>A number property, left out when null.</summary>
    public static void WriteNumber(Utf8JsonWriter json, string name, long? value)
    {
        if (value is { } number)
        {
            json.WriteNumber(name, number);
        }
    }

    private static bool Present(JsonElement e, string name, out JsonElement value)
        => e.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;
}
