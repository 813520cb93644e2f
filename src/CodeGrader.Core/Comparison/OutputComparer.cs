namespace CodeGrader.Core.Comparison;

/// <summary>Compares a program's standard output with the expected text, exactly or by whitespace-separated tokens.</summary>
internal static class OutputComparer
{
    public static ComparisonResult Compare(string expected, string actual, OutputComparison mode)
    {
        if (mode == OutputComparison.Exact)
        {
            if (expected == actual) return ComparisonResult.Match;
            return ComparisonResult.Mismatch("", Summary(expected, actual, "the output differs"), TextDiff.Lines(expected, actual));
        }
        var e = Normalise(expected);
        var a = Normalise(actual);
        var common = Math.Min(e.Count, a.Count);
        var line = 0;
        while (line < common && e[line].SequenceEqual(a[line], StringComparer.Ordinal)) line++;
        if (line == e.Count && line == a.Count) return ComparisonResult.Match;
        return ComparisonResult.Mismatch("", Summary(expected, actual, "the output differs (ignoring spacing)"), TextDiff.Lines(expected, actual, line));
    }

    private static string Summary(string expected, string actual, string what) =>
        actual.Length == 0 && expected.Length > 0 ? "the program printed nothing" : what;

    /// <summary>Lines split at \n, each into tokens as Python's str.split() makes them; trailing lines without tokens dropped.</summary>
    public static IReadOnlyList<string[]> Normalise(string text)
    {
        var lines = text.Split('\n').Select(Tokens).ToList();
        while (lines.Count > 0 && lines[^1].Length == 0) lines.RemoveAt(lines.Count - 1);
        return lines;
    }

    private static string[] Tokens(string line)
    {
        var tokens = new List<string>();
        var start = -1;
        for (var i = 0; i <= line.Length; i++)
        {
            var space = i == line.Length || IsPythonSpace(line[i]);
            if (space && start >= 0)
            {
                tokens.Add(line[start..i]);
                start = -1;
            }
            else if (!space && start < 0)
            {
                start = i;
            }
        }
        return [.. tokens];
    }

    /// <summary>Python's str.isspace: .NET's white space plus the separators \x1c to \x1f.</summary>
    public static bool IsPythonSpace(char c) => char.IsWhiteSpace(c) || c is >= '\x1c' and <= '\x1f';
}
