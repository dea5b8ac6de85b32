namespace Migrations.Build.Engine.Scaffold;

/// <summary>
/// One statement of the model-building code EF Core generates (a Designer's <c>BuildTargetModel</c>):
/// <c>b.Property&lt;string&gt;("Title")...;</c>, or a block such as <c>modelBuilder.Entity("X", b =&gt; { ... });</c>
/// whose lambda body is a list of statements again. <see cref="Key"/> names what the statement defines
/// (the property Title, the table, the foreign key on AuthorId), so that two models' code can be
/// compared and merged statement by statement, as git merges lines (<see cref="ModelCodeMerge"/>).
/// </summary>
/// <param name="Lead">The space before it (a blank line and indentation, or just a line break), kept to write it back as it was.</param>
/// <param name="Tail">A block's end, from after its last statement to the semicolon.</param>
internal sealed record ModelStatement(string Key, string Lead, string Text, IReadOnlyList<ModelStatement>? Children = null, string? Tail = null)
{
    public bool IsBlock => Children is not null;
}

/// <summary>Reads generated model-building code into statements and writes them back in EF Core's layout.</summary>
internal static class ModelCode
{
    /// <summary>Calls that a builder makes once (a second ToTable replaces the first): one key whatever their arguments.</summary>
    private static readonly HashSet<string> OncePerBuilder = new(StringComparer.Ordinal)
    {
        "HasKey", "HasNoKey", "ToTable", "ToView", "ToFunction", "ToSqlQuery", "ToJson", "HasBaseType", "HasDiscriminator", "HasData",
        "HasComment", "WithOwner", "IsRequired", "UseTpcMappingStrategy", "UseTptMappingStrategy", "UseTphMappingStrategy", "HasChangeTrackingStrategy",
    };

    /// <summary>Calls keyed by the names among their arguments (a sequence's name and schema), not by the values.</summary>
    private static readonly HashSet<string> KeyedByNames = new(StringComparer.Ordinal) { "HasSequence" };

    /// <summary>Calls keyed by all their arguments (the columns of an index, the principal and key of a relationship).</summary>
    private static readonly HashSet<string> KeyedByAll = new(StringComparer.Ordinal) { "HasIndex", "HasOne", "HasMany", "Entity", "OwnsOne", "OwnsMany" };

    public static List<ModelStatement> Parse(string code)
    {
        var i = 0;
        var list = ParseList(code, ref i, nested: false);
        if (i < code.Length)
        {
            throw new FormatException($"Unexpected '{code[i]}' at {i} in the model code.");
        }

        return list;
    }

    public static string Render(IReadOnlyList<ModelStatement> statements, string newLine)
        => string.Concat(statements.Select(s => Lines(s.Lead, newLine) + Render(s, newLine)));

    private static string Render(ModelStatement s, string newLine)
        => s.Children is null ? Lines(s.Text, newLine) : Lines(s.Text, newLine) + Render(s.Children, newLine) + Lines(s.Tail!, newLine);

    private static string Lines(string text, string newLine) => text.Replace("\r\n", "\n").Replace("\n", newLine);

    private static List<ModelStatement> ParseList(string code, ref int i, bool nested)
    {
        var list = new List<ModelStatement>();
        while (true)
        {
            var lead = i;
            SkipSpace(code, ref i);
            if (i >= code.Length || (nested && code[i] == '}'))
            {
                i = nested ? lead : i; // the space before '}' belongs to the block's tail
                return Numbered(list);
            }

            list.Add(ParseStatement(code, ref i, code[lead..i]));
        }
    }

    private static ModelStatement ParseStatement(string code, ref int i, string lead)
    {
        var start = i;
        var depth = 0;
        string? head = null;
        List<ModelStatement>? children = null;
        var tailStart = 0;
        for (; i < code.Length; i++)
        {
            var c = code[i];
            if (c is '"' or '\'' || (c == '@' && i + 1 < code.Length && code[i + 1] == '"'))
            {
                SkipLiteral(code, ref i);
            }
            else if (c == '/' && i + 1 < code.Length && code[i + 1] == '/')
            {
                i = code.IndexOf('\n', i) is var end and >= 0 ? end : code.Length;
            }
            else if (c == '{' && depth > 0 && head is null && code[start..i].TrimEnd().EndsWith("=>", StringComparison.Ordinal))
            {
                // The lambda body of Entity(..., b => { ... }) and the like: statements again.
                head = code[start..(i + 1)];
                i++;
                children = ParseList(code, ref i, nested: true);
                tailStart = i;
                SkipSpace(code, ref i);
            }
            else if (c is '(' or '[' or '{')
            {
                depth++;
            }
            else if (c is ')' or ']' or '}')
            {
                depth--;
            }
            else if (c == ';' && depth == 0)
            {
                i++;
                var text = code[start..i];
                return head is null
                    ? new ModelStatement(KeyOf(text, null), lead, text)
                    : new ModelStatement(KeyOf(head, children), lead, head, children, code[tailStart..i]);
            }
        }

        throw new FormatException($"A statement at {start} of the model code has no end: {code[start..Math.Min(code.Length, start + 60)]}");
    }

    /// <summary>What the statement defines: its call with the arguments that name the thing (see the sets above).</summary>
    private static string KeyOf(string text, List<ModelStatement>? children)
    {
        var call = text.TrimStart();
        var open = call.IndexOf('(');
        var firstLineEnd = call.IndexOfAny(['\r', '\n']);
        if (open < 0 || (firstLineEnd >= 0 && firstLineEnd < open))
        {
            return call[..(firstLineEnd < 0 ? call.Length : firstLineEnd)]; // modelBuilder\n .HasAnnotation(...)...: the model's own chain
        }

        var target = call[..open];
        var generic = target.IndexOf('<');
        target = generic >= 0 ? target[..generic] : target;
        var method = target[(target.LastIndexOf('.') + 1)..];
        var receiver = target[..Math.Max(0, target.LastIndexOf('.'))];
        var args = Arguments(call, open).Where(a => !a.Contains("=>", StringComparison.Ordinal)).ToList();
        // NpgsqlModelBuilderExtensions.HasPostgresExtension(modelBuilder, "x"),
        // SqlServerPropertyBuilderExtensions.UseIdentityColumn(b.Property<int>("Id"), 1L, 1)
        var isStatic = receiver.Length > 0 && char.IsUpper(receiver[0]);
        var key = method + "(" + (OncePerBuilder.Contains(method) ? string.Empty
            : KeyedByNames.Contains(method) ? string.Join(", ", args.Where(a => a.StartsWith('"')))
            : isStatic ? string.Join(", ", args.Take(1).Concat(args.Skip(1).Where(a => a.StartsWith('"')))) // the builder and the names, not the values
            : KeyedByAll.Contains(method) || args.Count == 0 || !args[0].StartsWith('"') ? string.Join(", ", args)
            : args[0]) + ")";
        if (method is "HasOne" or "HasMany" && call.IndexOf(".HasForeignKey(", StringComparison.Ordinal) is var fk and >= 0)
        {
            key += " " + string.Join(", ", Arguments(call, fk + ".HasForeignKey".Length));
        }

        // Entity("X") is written up to three times: its columns and keys, its relationships, its navigations.
        return method == "Entity" && children is not null ? key + " " + Pass(children) : key;
    }

    private static string Pass(List<ModelStatement> children)
        => children.Any(c => c.Key.StartsWith("HasOne(", StringComparison.Ordinal) || c.Key.StartsWith("HasMany(", StringComparison.Ordinal)
            || c.Key.StartsWith("OwnsOne(", StringComparison.Ordinal) || c.Key.StartsWith("OwnsMany(", StringComparison.Ordinal)) ? "relationships"
            : children.All(c => c.Key.StartsWith("Navigation(", StringComparison.Ordinal)) ? "navigations"
            : "definition";

    /// <summary>The top-level arguments of the call whose '(' is at <paramref name="open"/>.</summary>
    private static List<string> Arguments(string code, int open)
    {
        var args = new List<string>();
        var depth = 0;
        var start = open + 1;
        for (var i = open; i < code.Length; i++)
        {
            var c = code[i];
            if (c is '"' or '\'' || (c == '@' && i + 1 < code.Length && code[i + 1] == '"'))
            {
                SkipLiteral(code, ref i);
            }
            else if (c is '(' or '[' or '{' or '<')
            {
                depth++;
            }
            else if (c is ')' or ']' or '}' or '>' && code[i - 1] != '=')
            {
                if (--depth == 0)
                {
                    args.Add(code[start..i].Trim());
                    return args.Where(a => a.Length > 0).ToList();
                }
            }
            else if (c == ',' && depth == 1)
            {
                args.Add(code[start..i].Trim());
                start = i + 1;
            }
        }

        return args;
    }

    /// <summary>Two statements with one key (two indexes on the same columns) are told apart by their order.</summary>
    private static List<ModelStatement> Numbered(List<ModelStatement> list)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        return list.Select(s => (seen[s.Key] = seen.GetValueOrDefault(s.Key) + 1) is var n && n == 1 ? s : s with { Key = s.Key + " #" + n }).ToList();
    }

    /// <summary>The code with each run of space outside string literals made one space: the same statement whatever its layout.</summary>
    public static string Normal(string? code)
    {
        var text = new System.Text.StringBuilder();
        for (var i = 0; code is not null && i < code.Length; i++)
        {
            var start = i;
            if (char.IsWhiteSpace(code[i]))
            {
                SkipSpace(code, ref i);
                text.Append(text.Length > 0 && i < code.Length ? " " : string.Empty);
                i--;
                continue;
            }

            if (code[i] is '"' or '\'' || (code[i] == '@' && i + 1 < code.Length && code[i + 1] == '"'))
            {
                SkipLiteral(code, ref i);
            }

            text.Append(code, start, Math.Min(i, code.Length - 1) - start + 1);
        }

        return text.ToString();
    }

    /// <summary>Leaves <paramref name="i"/> on the literal's closing quote.</summary>
    private static void SkipLiteral(string code, ref int i)
    {
        var verbatim = code[i] == '@';
        i += verbatim ? 1 : 0;
        var quote = code[i];
        for (i++; i < code.Length; i++)
        {
            if (!verbatim && code[i] == '\\')
            {
                i++;
            }
            else if (code[i] == quote)
            {
                if (verbatim && i + 1 < code.Length && code[i + 1] == '"')
                {
                    i++;
                    continue;
                }

                return;
            }
        }
    }

    private static void SkipSpace(string code, ref int i)
    {
        while (i < code.Length && char.IsWhiteSpace(code[i]))
        {
            i++;
        }
    }
}
