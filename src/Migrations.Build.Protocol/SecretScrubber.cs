using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Migrations.Build.Protocol;

/// <summary>
/// Removes the secrets of a run's connection strings from any text before it is printed, logged or
/// stored, whatever a driver made of them: it is given the raw strings (the one passed, the user's
/// variables, the app's) and derives their secret fragments from the text alone (<see cref="SecretSpans"/>):
/// each secret value, its quoted and unquoted forms, and each <c>;</c>-separated piece of it with its
/// key and value apart, so <c>Password=p@ss;wordSECRET=1</c> also removes the <c>wordsecret</c> a driver
/// echoes. Matching ignores case. A fragment of three characters or more is removed wherever it
/// occurs; a shorter one only as a whole word, as removing every "1" would make messages unreadable.
/// Text is also masked as <see cref="ConnectionStringMasker.MaskText"/> does, for strings it wasn't given.
/// Thread-safe: the engine adds the app's connection string while other threads write.
/// </summary>
public sealed partial class SecretScrubber
{
    /// <summary>Where callers pass connection strings, besides <see cref="EngineRequest"/>'s variables.</summary>
    public const string PublishConnectionVariable = "MIGRATIONS_PUBLISH_CONNECTION";

    private readonly object _gate = new();
    private readonly HashSet<string> _fragments = new(StringComparer.OrdinalIgnoreCase);
    private Regex? _pattern;

    /// <summary>A scrubber for <paramref name="connectionStrings"/> and every connection string in this process's environment.</summary>
    public static SecretScrubber FromEnvironment(params string?[] connectionStrings)
    {
        var scrubber = new SecretScrubber();
        foreach (var connection in connectionStrings)
        {
            scrubber.Add(connection);
        }

        foreach (System.Collections.DictionaryEntry variable in Environment.GetEnvironmentVariables())
        {
            var name = (string)variable.Key;
            if (name is EngineRequest.ConnectionVariable or EngineRequest.UserConnectionVariable or PublishConnectionVariable
                || name.StartsWith("ConnectionStrings__", StringComparison.OrdinalIgnoreCase)
                || name.StartsWith("ConnectionStrings:", StringComparison.OrdinalIgnoreCase))
            {
                scrubber.Add(variable.Value as string);
            }
        }

        return scrubber;
    }

    /// <summary>Scrubs the secrets of <paramref name="connectionString"/> from now on.</summary>
    public void Add(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return;
        }

        var found = FragmentsOf(connectionString).Where(f => f.Length > 0).ToList();
        lock (_gate)
        {
            if (found.Count(_fragments.Add) > 0)
            {
                _pattern = Pattern(_fragments);
            }
        }
    }

    /// <summary>The text without any secret; null stays null.</summary>
    public string? Scrub(string? text)
        => string.IsNullOrEmpty(text) ? text : ConnectionStringMasker.MaskText(ScrubFragments(text));

    /// <summary>
    /// A JSON document with every string value scrubbed of the fragments (names and structure kept, so
    /// it still parses). No <see cref="ConnectionStringMasker.MaskText"/> here: values may be SQL scripts.
    /// </summary>
    public JsonElement Scrub(JsonElement document)
    {
        if (Volatile.Read(ref _pattern) is null)
        {
            return document;
        }

        var node = JsonNode.Parse(document.GetRawText());
        return node is null ? document : JsonSerializer.SerializeToElement(ScrubNode(node) ?? node);
    }

    /// <summary>The secret fragments of one raw connection string (see the class summary).</summary>
    public static IEnumerable<string> FragmentsOf(string connectionString)
    {
        var values = SecretSpans.InConnectionString(connectionString).Concat(SecretSpans.InText(connectionString))
            .Select(s => connectionString[s.Start..s.End].Trim()).ToList();
        if (ConnectionStringMasker.UrlPassword(connectionString) is var (start, end))
        {
            var password = connectionString[start..end];
            values.Add(password);
            values.Add(Uri.UnescapeDataString(password)); // postgres://app:p%40ss@... is echoed as p@ss
        }

        return values.SelectMany(PiecesOf);
    }

    /// <summary>A secret value, its unquoted forms, and each ';' piece of it with its key and value apart.</summary>
    private static IEnumerable<string> PiecesOf(string value)
    {
        yield return value;
        if (value.Length >= 2 && value[0] is '"' or '\'' && value[^1] == value[0])
        {
            var inner = value[1..^1];
            yield return inner;
            yield return inner.Replace(new string(value[0], 2), value[0].ToString(), StringComparison.Ordinal);
        }

        foreach (var piece in value.Split(';'))
        {
            yield return piece.Trim().Trim('"', '\'');
            var eq = piece.IndexOf('=');
            if (eq >= 0)
            {
                // A driver echoes the key it couldn't set, lower-cased (case is ignored), trimmed, maybe with spaces collapsed.
                yield return piece[..eq].Trim().Trim('"', '\'');
                yield return Whitespace().Replace(piece[..eq].Trim(), " ");
                yield return piece[(eq + 1)..].Trim().Trim('"', '\'');
            }
        }
    }

    private string ScrubFragments(string text)
        => Volatile.Read(ref _pattern) is { } pattern ? pattern.Replace(text, ConnectionStringMasker.Masked) : text;

    /// <summary>Scrubs the strings under <paramref name="node"/> in place; returns a replacement for a string value that changed, else null.</summary>
    private JsonNode? ScrubNode(JsonNode node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, child) in obj.ToList())
                {
                    if (child is not null && ScrubNode(child) is { } replacement)
                    {
                        obj[name] = replacement;
                    }
                }

                return null;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is { } item && ScrubNode(item) is { } replacement)
                    {
                        array[i] = replacement;
                    }
                }

                return null;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                var text = value.GetValue<string>();
                var scrubbed = ScrubFragments(text);
                return scrubbed == text ? null : JsonValue.Create(scrubbed);
            default:
                return null;
        }
    }

    /// <summary>One alternation, longest first so a whole value is masked before any of its pieces.</summary>
    private static Regex Pattern(IEnumerable<string> fragments)
        => new(string.Join("|", fragments.OrderByDescending(f => f.Length).Select(f => f.Length >= 3
                ? Regex.Escape(f)
                : $@"(?<![\p{{L}}\p{{N}}]){Regex.Escape(f)}(?![\p{{L}}\p{{N}}])")),
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
