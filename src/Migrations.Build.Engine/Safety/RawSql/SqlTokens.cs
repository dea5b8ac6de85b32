namespace Migrations.Build.Engine.Safety.RawSql;

/// <summary>A word, identifier, literal or symbol of a SQL statement, and where it starts in the SQL text.</summary>
internal sealed record SqlToken(string Text, bool Quoted, bool Literal, int Start)
{
    /// <summary>An unquoted keyword or name, compared without case (a quoted "DROP" is a name, never the keyword).</summary>
    public bool Is(string word) => !Quoted && !Literal && Text.Equals(word, StringComparison.OrdinalIgnoreCase);

    public bool IsName => Quoted || (!Literal && Text.Length > 0 && (char.IsLetter(Text[0]) || Text[0] is '_' or '#' or '@'));
}

/// <summary>
/// Splits raw SQL into statements of tokens, as the three providers read it: comments (-- and /* */)
/// skipped, '...' and PostgreSQL $tag$...$tag$ strings kept whole (a ; inside one ends nothing),
/// identifiers quoted "x", [x] or `x` unquoted; statements end at ; or a SQL Server GO line.
/// </summary>
internal static class SqlTokens
{
    public static IEnumerable<(int Start, int End, IReadOnlyList<SqlToken> Tokens)> Statements(string sql)
    {
        var tokens = new List<SqlToken>();
        var i = 0;
        (int, int, IReadOnlyList<SqlToken>)? Close(int end)
        {
            var done = tokens.Count == 0 ? ((int, int, IReadOnlyList<SqlToken>)?)null : (tokens[0].Start, end, tokens.ToList());
            tokens.Clear();
            return done;
        }

        while (i < sql.Length)
        {
            var c = sql[i];
            var next = i + 1 < sql.Length ? sql[i + 1] : '\0';
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '-' && next == '-')
            {
                i = IndexOrEnd(sql, "\n", i);
            }
            else if (c == '/' && next == '*')
            {
                i = IndexOrEnd(sql, "*/", i + 2) + 2;
            }
            else if (c == ';' || IsGoLine(sql, i))
            {
                if (Close(i) is { } done)
                {
                    yield return done;
                }

                i += c == ';' ? 1 : 2;
            }
            else if (c is '\'' or '"' or '`' or '[')
            {
                var close = c == '[' ? ']' : c;
                var end = i + 1;
                var text = new System.Text.StringBuilder();
                while (end < sql.Length && !(sql[end] == close && (end + 1 >= sql.Length || sql[end + 1] != close)))
                {
                    // A doubled closing quote is the quote itself ('it''s', "a""b", [a]]b]).
                    end += sql[end] == close ? 1 : 0;
                    text.Append(sql[end++]);
                }

                tokens.Add(new SqlToken(text.ToString(), Quoted: c != '\'', Literal: c == '\'', i));
                i = end + 1;
            }
            else if (c == '$' && DollarTag(sql, i) is { } tag)
            {
                var end = sql.IndexOf(tag, i + tag.Length, StringComparison.Ordinal);
                end = end < 0 ? sql.Length : end + tag.Length;
                tokens.Add(new SqlToken(sql[i..end], false, true, i));
                i = end;
            }
            else if (char.IsLetterOrDigit(c) || c is '_' or '#' or '@' or '$')
            {
                var end = i;
                while (end < sql.Length && (char.IsLetterOrDigit(sql[end]) || sql[end] is '_' or '#' or '@' or '$'))
                {
                    end++;
                }

                tokens.Add(new SqlToken(sql[i..end], false, false, i));
                i = end;
            }
            else
            {
                tokens.Add(new SqlToken(c.ToString(), false, false, i));
                i++;
            }
        }

        if (Close(sql.Length) is { } last)
        {
            yield return last;
        }
    }

    private static int IndexOrEnd(string sql, string what, int from)
    {
        var at = sql.IndexOf(what, from, StringComparison.Ordinal);
        return at < 0 ? sql.Length : at;
    }

    // GO alone on its line separates SQL Server batches.
    private static bool IsGoLine(string sql, int i)
    {
        if (i + 2 > sql.Length || !sql.AsSpan(i, 2).Equals("GO", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var lineStart = sql.LastIndexOf('\n', Math.Max(i - 1, 0)) + 1;
        var lineEnd = IndexOrEnd(sql, "\n", i);
        return sql[lineStart..i].Trim().Length == 0 && sql[(i + 2)..lineEnd].Trim().Length == 0;
    }

    private static string? DollarTag(string sql, int i)
    {
        var end = i + 1;
        while (end < sql.Length && (char.IsLetterOrDigit(sql[end]) || sql[end] == '_'))
        {
            end++;
        }

        return end < sql.Length && sql[end] == '$' ? sql[i..(end + 1)] : null;
    }
}
