using System.Text.Json;

namespace Migrations.Build.Protocol.Backups;

/// <summary>
/// JSON tokens from a stream through a refilled buffer, so memory stays flat for any file size: the
/// buffer holds at most the largest single value that is skipped whole (a row), never the document.
/// </summary>
internal sealed class JsonTokenStream(Stream stream)
{
    private byte[] _buffer = new byte[1 << 16];
    private int _start;
    private int _end;
    private bool _final;
    private JsonReaderState _state = new(new JsonReaderOptions { MaxDepth = 64 });

    // Where the current token began, so a container can be re-read from it and skipped whole.
    private int _tokenFrom;
    private JsonReaderState _stateBefore;

    public JsonTokenType Type { get; private set; }

    /// <summary>The current property name or string value.</summary>
    public string? Text { get; private set; }

    /// <summary>The current number, when it is an integer.</summary>
    public long? Number { get; private set; }

    /// <summary>Moves to the next token; false at the end of the document.</summary>
    public bool Next()
    {
        _tokenFrom = _start;
        _stateBefore = _state;
        while (true)
        {
            var reader = new Utf8JsonReader(_buffer.AsSpan(_start, _end - _start), _final, _state);
            if (reader.Read())
            {
                Type = reader.TokenType;
                Text = Type is JsonTokenType.String or JsonTokenType.PropertyName ? reader.GetString() : null;
                Number = Type == JsonTokenType.Number && reader.TryGetInt64(out var n) ? n : null;
                _start += (int)reader.BytesConsumed;
                _state = reader.CurrentState;
                return true;
            }

            if (_final)
            {
                return false;
            }

            Refill();
        }
    }

    /// <summary>
    /// Skips the current value (a container with everything in it) and hands its exact text to
    /// <paramref name="raw"/>: what <c>JsonElement.GetRawText</c> would give.
    /// </summary>
    public void Skip(SpanAction? raw = null)
    {
        if (raw is null && Type is not (JsonTokenType.StartObject or JsonTokenType.StartArray))
        {
            return;
        }

        while (true)
        {
            var reader = new Utf8JsonReader(_buffer.AsSpan(_tokenFrom, _end - _tokenFrom), _final, _stateBefore);
            reader.Read();
            var from = (int)reader.TokenStartIndex;
            if (reader.TrySkip())
            {
                var consumed = (int)reader.BytesConsumed;
                raw?.Invoke(_buffer.AsSpan(_tokenFrom + from, consumed - from));
                _start = _tokenFrom + consumed;
                _state = reader.CurrentState;
                return;
            }

            Refill();
        }
    }

    public delegate void SpanAction(ReadOnlySpan<byte> bytes);

    /// <summary>Keeps the bytes from the current token on, growing the buffer only for a value larger than it.</summary>
    private void Refill()
    {
        var kept = _end - _tokenFrom;
        if (_tokenFrom == 0 && _end == _buffer.Length)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }
        else
        {
            Buffer.BlockCopy(_buffer, _tokenFrom, _buffer, 0, kept);
        }

        _start -= _tokenFrom;
        _tokenFrom = 0;
        _end = kept;
        var read = stream.ReadAtLeast(_buffer.AsSpan(_end), 1, throwOnEndOfStream: false);
        _end += read;
        _final = read == 0;
    }
}
