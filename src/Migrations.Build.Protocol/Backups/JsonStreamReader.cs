using System.Text.Json;

namespace Migrations.Build.Protocol.Backups;

/// <summary>
/// Reads a JSON document from a stream one token (or one whole array/object) at a time, over a
/// buffer that is refilled as it goes: memory stays at the size of the largest single value, never
/// the document. (Utf8JsonReader is a ref struct and can't live across reads; its state can.)
/// </summary>
internal sealed class JsonStreamReader(Stream stream)
{
    private byte[] _buffer = new byte[1 << 16];
    private int _start;
    private int _end;
    private bool _final;
    private JsonReaderState _state = new(new JsonReaderOptions { MaxDepth = 64 });

    /// <summary>The text of the last property name or string read, unescaped.</summary>
    public string? Text { get; private set; }

    /// <summary>
    /// Reads the next value or token. A start of array or object is read whole: <paramref name="raw"/>
    /// is then its complete JSON text (valid until the next call). Returns false at the end.
    /// </summary>
    public bool Read(out JsonTokenType type, out ReadOnlySpan<byte> raw, bool whole = false)
    {
        while (true)
        {
            var reader = new Utf8JsonReader(_buffer.AsSpan(_start, _end - _start), _final, _state);
            if (reader.Read())
            {
                type = reader.TokenType;
                var begin = (int)reader.TokenStartIndex;
                if (whole && type is JsonTokenType.StartArray or JsonTokenType.StartObject && !reader.TrySkip())
                {
                    Refill();
                    continue;
                }

                var consumed = (int)reader.BytesConsumed;
                Text = type is JsonTokenType.PropertyName or JsonTokenType.String ? reader.GetString() : null;
                raw = _buffer.AsSpan(_start + begin, consumed - begin);
                _start += consumed;
                _state = reader.CurrentState;
                return true;
            }

            if (_final)
            {
                type = JsonTokenType.None;
                raw = default;
                return false;
            }

            Refill();
        }
    }

    /// <summary>Reads the next token and requires its type.</summary>
    public ReadOnlySpan<byte> Expect(JsonTokenType expected, string what, bool whole = false)
    {
        if (!Read(out var type, out var raw, whole))
        {
            throw new JsonException($"the file ends before {what}");
        }

        return type == expected ? raw : throw new JsonException($"expected {what}, found {type}");
    }

    /// <summary>Reads a property value as a string (null for a JSON null; numbers and booleans as their text).</summary>
    public string? ReadScalar(string what)
    {
        if (!Read(out var type, out var raw))
        {
            throw new JsonException($"the file ends before {what}");
        }

        return type switch
        {
            JsonTokenType.Null => null,
            JsonTokenType.String => Text,
            JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False => System.Text.Encoding.UTF8.GetString(raw),
            _ => throw new JsonException($"expected a value for {what}, found {type}"),
        };
    }

    /// <summary>Skips the value after a property name, whatever it is.</summary>
    public void SkipValue() => Read(out _, out _, whole: true);

    private void Refill()
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            // One value larger than the buffer (a big row): grow to hold it, up to the limit; what
            // goes past it (an endless string, megabytes of whitespace) is no backup's.
            if (_buffer.Length >= BackupLimits.Row)
            {
                throw new JsonException($"more than {BackupLimits.Row >> 20} MiB without a complete value (a row is at most that)");
            }

            Array.Resize(ref _buffer, Math.Min(_buffer.Length * 2, BackupLimits.Row));
        }

        var read = stream.Read(_buffer, _end, _buffer.Length - _end);
        _end += read;
        _final = read == 0;
    }
}
