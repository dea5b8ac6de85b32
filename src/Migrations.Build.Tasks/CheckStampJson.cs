using System.Text.Json;
using Migrations.Build.Protocol;
using Migrations.Build.Tasks.Fingerprint;
using static Migrations.Build.Tasks.KeptJson;

namespace Migrations.Build.Tasks;

/// <summary>
/// A <see cref="CheckStamp"/> as JSON, without the serializer (<see cref="KeptJson"/>): its first use took 27-32 ms
/// of the gate task's 44-50 ms in a no-op build, <see cref="JsonDocument"/> 1-2 ms. The shape is the serializer's
/// with <see cref="ProtocolJson.Compact"/>, so a stamp it wrote still reads.
/// </summary>
internal static class CheckStampJson
{
    /// <summary>The stamp in <paramref name="json"/>; an exception <see cref="KeptJson.Unreadable"/> knows when it is not one.</summary>
    public static CheckStamp Read(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        return new CheckStamp
        {
            Request = Text(root, "request") ?? string.Empty,
            Fingerprint = root.TryGetProperty("fingerprint", out var fingerprint) ? FingerprintOf(fingerprint) : null,
            LockFiles = Strings(root, "lockFiles") ?? new Dictionary<string, string?>(),
            Diagnostics = root.TryGetProperty("diagnostics", out var diagnostics)
                ? diagnostics.EnumerateArray().Select(EventOf).ToList()
                : [],
        };
    }

    public static string Write(CheckStamp stamp) => KeptJson.Write(json =>
    {
        json.WriteStartObject();
        json.WriteString("request", stamp.Request);
        if (stamp.Fingerprint is { } f)
        {
            json.WriteStartObject("fingerprint");
            json.WriteString("value", f.Value);
            json.WriteString("assemblies", f.Assemblies);
            json.WriteString("model", f.Model);
            WriteText(json, "userSecretsId", f.UserSecretsId);
            Map(json, "modelParts", f.ModelParts?.Select(p => KeyValuePair.Create(p.Key, (string?)p.Value)));
            json.WriteEndObject();
        }

        Map(json, "lockFiles", stamp.LockFiles);
        json.WriteStartArray("diagnostics");
        foreach (var e in stamp.Diagnostics)
        {
            json.WriteStartObject();
            json.WriteString("type", e.Type);
            WriteText(json, "level", e.Level);
            WriteText(json, "message", e.Message);
            WriteText(json, "code", e.Code);
            WriteText(json, "file", e.File);
            WriteNumber(json, "line", e.Line);
            WriteNumber(json, "column", e.Column);
            WriteNumber(json, "current", e.Current);
            WriteNumber(json, "total", e.Total);
            WriteNumber(json, "rows", e.Rows);
            WriteNumber(json, "rowsTotal", e.RowsTotal);
            if (e.Data is { } data)
            {
                json.WritePropertyName("data");
                data.WriteTo(json);
            }

            WriteText(json, "context", e.Context);
            WriteNumber(json, "exitCode", e.ExitCode);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    });

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
        => new(Required(e, "value"), Required(e, "assemblies"), Required(e, "model"), Text(e, "userSecretsId"),
            Strings(e, "modelParts") is { } parts
                ? new Dictionary<string, string>(parts.Select(p => KeyValuePair.Create(p.Key, p.Value ?? string.Empty)), StringComparer.Ordinal)
                : null);

    private static EngineEvent EventOf(JsonElement e) => new()
    {
        Type = Required(e, "type"),
        Level = Text(e, "level"),
        Message = Text(e, "message"),
        Code = Text(e, "code"),
        File = Text(e, "file"),
        Line = Int(e, "line"),
        Column = Int(e, "column"),
        Current = Int(e, "current"),
        Total = Int(e, "total"),
        Rows = Long(e, "rows"),
        RowsTotal = Long(e, "rowsTotal"),
        Data = e.TryGetProperty("data", out var data) ? data.Clone() : null,
        Context = Text(e, "context"),
        ExitCode = Int(e, "exitCode"),
    };

    private static string Required(JsonElement e, string name)
        => Text(e, name) ?? throw new InvalidOperationException($"The stamp has no '{name}'.");

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
