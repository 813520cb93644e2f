namespace CodeGrader.Core.Restrictions;

/// <summary>
/// A small Python tokenizer for static checks: names, numbers, strings, operators and logical line ends, with
/// comments and line continuations skipped. The code inside f-string replacement fields is tokenized too (its
/// tokens follow the string's), so a name used only in <c>f"{sorted(x)}"</c> is still found. It never throws:
/// source that is not valid Python gives tokens anyway (the worker reports the syntax error).
/// </summary>
internal static class PythonTokenizer
{
    public static IReadOnlyList<PythonToken> Tokenize(string source)
    {
        var tokens = new List<PythonToken>();
        Scan(source, 0, source.Length, tokens, topLevel: true);
        return tokens;
    }

    private static void Scan(string s, int start, int end, List<PythonToken> tokens, bool topLevel)
    {
        var depth = 0;
        var i = start;
        while (i < end)
        {
            var c = s[i];
            if (c == '#')
            {
                while (i < end && s[i] != '\n') i++;
            }
            else if (c == '\\' && i + 1 < end && (s[i + 1] == '\n' || s[i + 1] == '\r'))
            {
                i += s[i + 1] == '\r' && i + 2 < end && s[i + 2] == '\n' ? 3 : 2;
            }
            else if (c is '\n' or '\r')
            {
                if (depth == 0 && topLevel) AddNewline(tokens, i);
                i++;
            }
            else if (char.IsWhiteSpace(c) || c == '\f')
            {
                i++;
            }
            else if (StringStart(s, i, end) is { } quoteAt)
            {
                i = ScanString(s, i, quoteAt, end, tokens);
            }
            else if (char.IsDigit(c) || (c == '.' && i + 1 < end && char.IsDigit(s[i + 1])))
            {
                var from = i;
                while (i < end && (char.IsLetterOrDigit(s[i]) || s[i] is '_' or '.' ||
                       (s[i] is '+' or '-' && s[i - 1] is 'e' or 'E' && !IsHex(s, from)))) i++;
                tokens.Add(new PythonToken(PythonTokenKind.Number, s[from..i], from, i));
            }
            else if (IsNameStart(s, i))
            {
                var from = i;
                i += char.IsSurrogatePair(s, i) ? 2 : 1;
                while (i < end && IsNamePart(s, i)) i += char.IsSurrogatePair(s, i) ? 2 : 1;
                tokens.Add(new PythonToken(PythonTokenKind.Name, IdentifierFolding.Fold(s[from..i]), from, i));
            }
            else
            {
                if (c is '(' or '[' or '{') depth++;
                else if (c is ')' or ']' or '}') depth = Math.Max(0, depth - 1);
                var length = i + 1 < end && (s[i + 1] == '=' || (c == '-' && s[i + 1] == '>')) ? 2 : 1;
                tokens.Add(new PythonToken(PythonTokenKind.Operator, s.Substring(i, length), i, i + length));
                i += length;
            }
        }
        if (topLevel) AddNewline(tokens, end);
    }

    private static void AddNewline(List<PythonToken> tokens, int at)
    {
        if (tokens.Count > 0 && tokens[^1].Kind != PythonTokenKind.Newline) tokens.Add(new PythonToken(PythonTokenKind.Newline, "", at, at));
    }

    private static bool IsHex(string s, int from) => from + 1 < s.Length && s[from] == '0' && s[from + 1] is 'x' or 'X';

    private static bool IsNameStart(string s, int i)
    {
        if (char.IsSurrogatePair(s, i)) return char.IsLetter(s, i);
        return Exercises.PythonNames.IsIdentifierStart(s[i]);
    }

    private static bool IsNamePart(string s, int i)
    {
        if (char.IsSurrogatePair(s, i)) return char.IsLetterOrDigit(s, i);
        return Exercises.PythonNames.IsIdentifierPart(s[i]);
    }

    /// <summary>If a string literal (with an optional prefix of up to two letters) starts at i, the index of its quote.</summary>
    private static int? StringStart(string s, int i, int end)
    {
        var j = i;
        while (j < end && j - i < 2 && s[j] is 'r' or 'R' or 'b' or 'B' or 'u' or 'U' or 'f' or 'F') j++;
        if (j < end && s[j] is '\'' or '"')
        {
            // A prefix must not be the tail of a longer name (e.g. "xf'..." is not an f-string).
            return j == i || i == 0 || !IsNamePart(s, i - 1) ? j : null;
        }
        return null;
    }

    private static int ScanString(string s, int start, int quoteAt, int end, List<PythonToken> tokens)
    {
        var prefix = s[start..quoteAt];
        var quote = s[quoteAt];
        var triple = quoteAt + 2 < end && s[quoteAt + 1] == quote && s[quoteAt + 2] == quote;
        var bodyStart = quoteAt + (triple ? 3 : 1);
        var i = bodyStart;
        var bodyEnd = end;
        while (i < end)
        {
            var c = s[i];
            if (c == '\\')
            {
                i += 2;
                continue;
            }
            if (!triple && c == '\n')
            {
                bodyEnd = i;
                break;
            }
            if (c == quote && (!triple || (i + 2 < end && s[i + 1] == quote && s[i + 2] == quote)))
            {
                bodyEnd = i;
                i += triple ? 3 : 1;
                break;
            }
            i++;
        }
        i = Math.Min(i, end);
        tokens.Add(new PythonToken(PythonTokenKind.String, s[start..i], start, i));
        if (prefix.Contains('f', StringComparison.OrdinalIgnoreCase)) ScanFields(s, bodyStart, Math.Min(bodyEnd, end), tokens);
        return i;
    }

    /// <summary>Tokenizes the expressions of an f-string's replacement fields (and of fields nested in format specs).</summary>
    private static void ScanFields(string s, int start, int end, List<PythonToken> tokens)
    {
        var i = start;
        while (i < end)
        {
            if (s[i] == '{' && i + 1 < end && s[i + 1] == '{')
            {
                i += 2;
            }
            else if (s[i] == '{')
            {
                i = ScanField(s, i + 1, end, tokens);
            }
            else
            {
                i++;
            }
        }
    }

    /// <summary>One field from just after its '{': the expression up to '!', ':' or '}' at depth 0, then the format spec.</summary>
    private static int ScanField(string s, int start, int end, List<PythonToken> tokens)
    {
        var depth = 0;
        var i = start;
        while (i < end)
        {
            var c = s[i];
            if (StringStart(s, i, end) is { } quoteAt)
            {
                var inner = new List<PythonToken>();
                i = ScanString(s, i, quoteAt, end, inner);
                continue;
            }
            if (c is '(' or '[' or '{') depth++;
            else if (c is ')' or ']') depth--;
            else if (c == '}' && depth > 0) depth--;
            else if (depth == 0 && (c == '}' || c == ':' || (c == '!' && !(i + 1 < end && s[i + 1] == '='))))
            {
                break;
            }
            i++;
        }
        Scan(s, start, i, tokens, topLevel: false);
        if (i < end && s[i] == '!')
        {
            while (i < end && s[i] is not (':' or '}')) i++;
        }
        if (i < end && s[i] == ':')
        {
            i++;
            while (i < end && s[i] != '}')
            {
                if (s[i] == '{') i = ScanField(s, i + 1, end, tokens);
                else i++;
            }
        }
        return i < end ? i + 1 : i;
    }
}
