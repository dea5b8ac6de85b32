using System.Text;

namespace Migrations.Build.Protocol;

/// <summary>
/// Passes text on a line at a time, scrubbed of secrets: the engine's console, where the app's own
/// logging may repeat what a driver said of a malformed connection string. Whole lines, so a secret
/// written in pieces is still found; a last line without its newline goes out at exit.
/// </summary>
public sealed class ScrubbingWriter : TextWriter
{
    private readonly TextWriter _inner;
    private readonly SecretScrubber _secrets;
    private readonly StringBuilder _line = new();

    public ScrubbingWriter(TextWriter inner, SecretScrubber secrets)
    {
        _inner = inner;
        _secrets = secrets;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Flush();
    }

    public override Encoding Encoding => _inner.Encoding;

    public override void Write(char value) => Write(value.ToString());

    public override void Write(char[] buffer, int index, int count) => Write(new string(buffer, index, count));

    public override void Write(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        lock (_line)
        {
            _line.Append(value);
            var text = _line.ToString();
            var end = text.LastIndexOf('\n');
            if (end >= 0)
            {
                _inner.Write(_secrets.Scrub(text[..(end + 1)]));
                _line.Clear().Append(text, end + 1, text.Length - end - 1);
                _inner.Flush();
            }
        }
    }

    public override void Flush()
    {
        lock (_line)
        {
            if (_line.Length > 0)
            {
                _inner.Write(_secrets.Scrub(_line.ToString()));
                _line.Clear();
            }

            _inner.Flush();
        }
    }
}
