namespace CodeGrader.Core.Restrictions;

/// <summary>
/// One imported module as the source names it: <c>import a.b</c> gives <c>a.b</c>; <c>from p import n</c> gives the
/// module <c>p</c> with the name <c>n</c>. <see cref="Start"/> and <see cref="End"/> index the source.
/// </summary>
internal sealed record ImportStatement(string Module, string? Name, bool IsRelative, int Start, int End)
{
    /// <summary>All import statements in the tokens: <c>import x.y [as z], ...</c> and <c>from [.]x import a [as b], (c, d), *</c>.</summary>
    public static IReadOnlyList<ImportStatement> Find(IReadOnlyList<PythonToken> tokens)
    {
        var imports = new List<ImportStatement>();
        for (var i = 0; i < tokens.Count; i++)
        {
            if (tokens[i].Is("import") && (i == 0 || !IsFromClause(tokens, i)))
            {
                i = ReadImport(tokens, i + 1, imports);
            }
            else if (tokens[i].Is("from"))
            {
                var j = i + 1;
                var relative = false;
                while (j < tokens.Count && tokens[j].Kind == PythonTokenKind.Operator && tokens[j].Text == ".") { relative = true; j++; }
                var (module, start, end, next) = DottedName(tokens, j);
                if (next < tokens.Count && tokens[next].Is("import"))
                {
                    i = ReadFromNames(tokens, next + 1, module ?? "", relative, start ?? tokens[i].Start, end ?? tokens[i].End, imports);
                }
            }
        }
        return imports;
    }

    private static bool IsFromClause(IReadOnlyList<PythonToken> tokens, int importAt)
    {
        // "from x import y": the 'import' here belongs to the 'from' handled separately.
        for (var k = importAt - 1; k >= 0 && tokens[k].Kind != PythonTokenKind.Newline; k--)
        {
            if (tokens[k].Is("from")) return true;
            if (tokens[k].Is(";")) return false;
        }
        return false;
    }

    private static int ReadImport(IReadOnlyList<PythonToken> tokens, int i, List<ImportStatement> imports)
    {
        while (i < tokens.Count)
        {
            var (module, start, end, next) = DottedName(tokens, i);
            if (module is null) return i;
            imports.Add(new ImportStatement(module, null, false, start!.Value, end!.Value));
            i = next;
            if (i + 1 < tokens.Count && tokens[i].Is("as")) i += 2;
            if (i < tokens.Count && tokens[i].Is(",")) i++;
            else return i;
        }
        return i;
    }

    private static int ReadFromNames(IReadOnlyList<PythonToken> tokens, int i, string module, bool relative, int start, int end, List<ImportStatement> imports)
    {
        var parenthesised = i < tokens.Count && tokens[i].Is("(");
        if (parenthesised) i++;
        while (i < tokens.Count)
        {
            var token = tokens[i];
            if (token.Kind == PythonTokenKind.Name && token.Text != "as")
            {
                imports.Add(new ImportStatement(module, token.Text, relative, start, token.End));
                i++;
                if (i + 1 < tokens.Count && tokens[i].Is("as")) i += 2;
            }
            else if (token.Is("*"))
            {
                imports.Add(new ImportStatement(module, "*", relative, start, token.End));
                i++;
            }
            if (i < tokens.Count && tokens[i].Is(",")) { i++; continue; }
            if (parenthesised && i < tokens.Count && tokens[i].Is(")")) i++;
            return i;
        }
        return i;
    }

    private static (string? Name, int? Start, int? End, int Next) DottedName(IReadOnlyList<PythonToken> tokens, int i)
    {
        if (i >= tokens.Count || tokens[i].Kind != PythonTokenKind.Name) return (null, null, null, i);
        var parts = new List<string> { tokens[i].Text };
        var start = tokens[i].Start;
        var end = tokens[i].End;
        i++;
        while (i + 1 < tokens.Count && tokens[i].Is(".") && tokens[i + 1].Kind == PythonTokenKind.Name)
        {
            parts.Add(tokens[i + 1].Text);
            end = tokens[i + 1].End;
            i += 2;
        }
        return (string.Join('.', parts), start, end, i);
    }
}
