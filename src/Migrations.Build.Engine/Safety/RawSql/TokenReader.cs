namespace Migrations.Build.Engine.Safety.RawSql;

/// <summary>Reads one statement's tokens front to back, for <see cref="RawSqlStatements"/>.</summary>
internal sealed class TokenReader(IReadOnlyList<SqlToken> tokens)
{
    public int Position { get; private set; }

    public SqlToken? Peek => Position < tokens.Count ? tokens[Position] : null;

    public bool AtEnd => Position >= tokens.Count;

    public SqlToken TokenAt(int index) => tokens[index];

    public SqlToken Next() => tokens[Position++];

    /// <summary>Takes the words (keywords or symbols) if they come next, all of them; else takes nothing.</summary>
    public bool Accept(params string[] words)
    {
        for (var i = 0; i < words.Length; i++)
        {
            if (Position + i >= tokens.Count || !tokens[Position + i].Is(words[i]))
            {
                return false;
            }
        }

        Position += words.Length;
        return true;
    }

    /// <summary>A column or other single name.</summary>
    public SqlToken? Name() => Peek is { IsName: true } name ? Next() : null;

    /// <summary>Skips a parenthesised group, e.g. TOP (10).</summary>
    public void SkipParentheses()
    {
        var depth = 0;
        do
        {
            depth += Peek?.Is("(") == true ? 1 : Peek?.Is(")") == true ? -1 : 0;
            Position++;
        }
        while (depth > 0 && !AtEnd);
    }

    /// <summary>Moves past the given keyword at parenthesis depth 0 (after a WITH's common table expressions).</summary>
    public bool SkipToTopLevel(string word)
    {
        var depth = 0;
        for (; Position < tokens.Count; Position++)
        {
            var t = tokens[Position];
            depth += t.Is("(") ? 1 : t.Is(")") ? -1 : 0;
            if (depth == 0 && t.Is(word))
            {
                Position++;
                return true;
            }
        }

        return false;
    }

    public IReadOnlyList<SqlToken> Rest() => tokens.Skip(Position).ToList();

    /// <summary>The tokens outside parentheses (a WHERE inside a subquery filters the subquery only).</summary>
    public static IEnumerable<SqlToken> TopLevel(IEnumerable<SqlToken> tokens)
    {
        var depth = 0;
        foreach (var t in tokens)
        {
            depth += t.Is("(") ? 1 : t.Is(")") ? -1 : 0;
            if (depth == 0 && !t.Is(")"))
            {
                yield return t;
            }
        }
    }
}
