using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Migrations.Build.Protocol;

/// <summary>The one JSON setting used on both sides of the seam and for <c>--json</c> output.</summary>
public static class ProtocolJson
{
    /// <summary>camelCase, nulls left out, one line per document (the event stream is line based).</summary>
    public static readonly JsonSerializerOptions Compact = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>
    /// For result documents: nulls are written, since the contract's shapes have nullable fields
    /// (<c>"current": null</c> at base) that a script must be able to read.
    /// </summary>
    public static readonly JsonSerializerOptions Documents = new(Compact) { DefaultIgnoreCondition = JsonIgnoreCondition.Never };

    /// <summary>Indented, for documents a person may read (<c>--json</c>).</summary>
    public static readonly JsonSerializerOptions Indented = new(Documents) { WriteIndented = true };
}
