using System.Text.Json;
using Migrations.Build.Protocol;
using Migrations.Build.Tasks.Fingerprint;

namespace Migrations.Build.Tasks;

/// <summary>
/// A <see cref="CheckStamp"/> as JSON, read through <see cref="JsonDocument"/> and written through
/// <see cref="Utf8JsonWriter"/>, not the serializer: a build process starts cold, and the serializer's first
/// use (its metadata for the stamp's types) took 27-32 ms of the gate task's 44-50 ms in a no-op build, the
/// document 1-2 ms. The shape is the serializer's with <see cref="ProtocolJson.Compact"/> (camelCase, nulls
/// left out), so a stamp written by an earlier version still reads.
/// </summary>
internal static class CheckStampJson
{
    /// <summary>The stamp in <paramref name="json"/>; a <see cref="JsonException"/> or <see cref="InvalidOperationException"/> when it is not one.</summary>
    public static CheckStamp Read(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        return new CheckStamp
        {
            Request = String(root, "request") ?? string.Empty,
            Fingerprint = root.TryGetProperty("fingerprint", out var fingerprint) ? FingerprintOf(fingerprint) : null,
            LockFiles = Strings(root, "lockFiles") ?? new Dictionary<string, string?>(),
            Diagnostics = root.TryGetProperty("diagnostics", out var diagnostics)
                ? diagnostics.EnumerateArray().Select(EventOf).ToList()
                : [],
        };
    }

    public static string Write(CheckStamp stamp)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = ProtocolJson.Compact.Encoder }))
        {
            json.WriteStartObject();
            json.WriteString("request", stamp.Request);
            if (stamp.Fingerprint is { } f)
            {
                json.WriteStartObject("fingerprint");
                Strings(json, ("value", f.Value), ("assemblies", f.Assemblies), ("model", f.Model), ("userSecretsId", f.UserSecretsId));
                Map(json, "modelParts", f.ModelParts?.Select(p => KeyValuePair.Create(p.Key, (string?)p.Value)));
                json.WriteEndObject();
            }

            Map(json, "lockFiles", stamp.LockFiles);
            json.WriteStartArray("diagnostics");
            foreach (var e in stamp.Diagnostics)
            {
                json.WriteStartObject();
                Strings(json, ("type", e.Type), ("level", e.Level), ("message", e.Message), ("code", e.Code), ("file", e.File));
                Numbers(json, ("line", e.Line), ("column", e.Column), ("current", e.Current), ("total", e.Total), ("rows", e.Rows),
                    ("rowsTotal", e.RowsTotal));
                if (e.Data is { } data)
                {
                    json.WritePropertyName("data");
                    data.WriteTo(json);
                }

                Strings(json, ("context", e.Context));
                Numbers(json, ("exitCode", e.ExitCode));
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void Strings(Utf8JsonWriter json, params (string Name, string? Value)[] values)
    {
        foreach (var (name, value) in values.Where(v => v.Value is not null))
        {
            json.WriteString(name, value);
        }
    }

    private static void Numbers(Utf8JsonWriter json, params (string Name, long? Value)[] values)
    {
        foreach (var (name, value) in values.Where(v => v.Value is not null))
        {
            json.WriteNumber(name, value!.Value);
        }
    }

    private static void Map(Utf8JsonWriter json, string name, IEnumerable<KeyValuePair<string, string?>>? map)
    {
        if (map is null)
        {
            return;
        }

        json.WriteStartObject(name);
        foreach (var (key, value) in map)
        {
            if (value is null)
            {
                json.WriteNull(key); // an integrity file that didn't exist
            }
            else
            {
                json.WriteString(key, value);
            }
        }

        json.WriteEndObject();
    }

    private static GateFingerprint.Result FingerprintOf(JsonElement e)
        => new(Required(e, "value"), Required(e, "assemblies"), Required(e, "model"), String(e, "userSecretsId"),
            Strings(e, "modelParts") is { } parts
                ? new Dictionary<string, string>(parts.Select(p => KeyValuePair.Create(p.Key, p.Value ?? string.Empty)), StringComparer.Ordinal)
                : null);

    private static EngineEvent EventOf(JsonElement e) => new()
    {
        Type = Required(e, "type"),
        Level = String(e, "level"),
        Message = String(e, "message"),
        Code = String(e, "code"),
        File = String(e, "file"),
        Line = Number(e, "line"),
        Column = Number(e, "column"),
        Current = Number(e, "current"),
        Total = Number(e, "total"),
        Rows = e.TryGetProperty("rows", out var rows) ? rows.GetInt64() : null,
        RowsTotal = e.TryGetProperty("rowsTotal", out var total) ? total.GetInt64() : null,
        Data = e.TryGetProperty("data", out var data) ? data.Clone() : null,
        Context = String(e, "context"),
        ExitCode = Number(e, "exitCode"),
    };

    private static string Required(JsonElement e, string name)
        => String(e, name) ?? throw new InvalidOperationException($"The stamp has no '{name}'.");

    private static string? String(JsonElement e, string name)
        => e.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value.GetString() : null;

    private static int? Number(JsonElement e, string name) => e.TryGetProperty(name, out var value) ? value.GetInt32() : null;

    /// <summary>An object of strings (or nulls); a key given twice keeps its last value, as the serializer did.</summary>
    private static Dictionary<string, string?>? Strings(JsonElement e, string name)
    {
        if (!e.TryGetProperty(name, out var value))
        {
            return null;
        }

        var strings = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var p in value.EnumerateObject())
        {
            strings[p.Name] = p.Value.ValueKind == JsonValueKind.Null ? null : p.Value.GetString();
        }

        return strings;
    }
}
