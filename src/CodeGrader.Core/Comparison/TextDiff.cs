using System.Globalization;
using System.Text;

namespace CodeGrader.Core.Comparison;

/// <summary>A short, readable difference between two texts: where they first differ, with a little context.</summary>
internal static class TextDiff
{
    /// <summary>Strings at most this long on one line are shown whole in the message; longer ones get a diff.</summary>
    public const int ShortLength = 60;

    private const int Context = 24;

    /// <summary>The first index at which the two strings differ, or -1 when equal.</summary>
    public static int FirstDifference(string expected, string actual)
    {
        var length = Math.Min(expected.Length, actual.Length);
        for (var i = 0; i < length; i++)
        {
            if (expected[i] != actual[i]) return i;
        }
        return expected.Length == actual.Length ? -1 : length;
    }

    public static bool IsShort(string text) => text.Length <= ShortLength && !text.Contains('\n');

    /// <summary>For long single-line strings: the first difference with some characters around it, quoted as Python would.</summary>
    public static string Around(string expected, string actual)
    {
        var at = FirstDifference(expected, actual);
        var builder = new StringBuilder();
        builder.Append(CultureInfo.InvariantCulture, $"first difference at index {at} (expected {expected.Length} characters, got {actual.Length})\n");
        builder.Append("  expected: ").Append(Window(expected, at)).Append('\n');
        builder.Append("  actual:   ").Append(Window(actual, at));
        return builder.ToString();
    }

    /// <summary>For texts with lines: the first differing line, the line before it, with line numbers, - for expected and + for actual.</summary>
    public static string Lines(string expected, string actual, int firstDifferentLine = -1)
    {
        var e = expected.Split('\n');
        var a = actual.Split('\n');
        var line = firstDifferentLine >= 0 ? firstDifferentLine : FirstDifferentLine(e, a);
        var builder = new StringBuilder();
        builder.Append(CultureInfo.InvariantCulture, $"first difference at line {line + 1} (expected {Count(expected)} lines, got {Count(actual)})");
        if (line > 0 && line - 1 < e.Length) builder.Append('\n').Append(CultureInfo.InvariantCulture, $"  {line,4} | {Show(e[line - 1])}");
        builder.Append('\n').Append(CultureInfo.InvariantCulture, $"- {line + 1,4} | {(line < e.Length ? Show(e[line]) : "(no line)")}");
        builder.Append('\n').Append(CultureInfo.InvariantCulture, $"+ {line + 1,4} | {(line < a.Length ? Show(a[line]) : "(no line)")}");
        return builder.ToString();
    }

    private static int FirstDifferentLine(string[] e, string[] a)
    {
        var length = Math.Min(e.Length, a.Length);
        for (var i = 0; i < length; i++)
        {
            if (e[i] != a[i]) return i;
        }
        return length;
    }

    private static int Count(string text) => text.Length == 0 ? 0 : text.Split('\n').Length - (text.EndsWith('\n') ? 1 : 0);

    /// <summary>A line quoted as Python would, so spaces, tabs and carriage returns are visible; long lines are cut.</summary>
    private static string Show(string line) => Values.PythonLiteral.Format(new Values.PyStr(line), 200);

    private static string Window(string text, int at)
    {
        var start = Math.Max(0, at - Context);
        var end = Math.Min(text.Length, at + Context);
        var slice = text[start..end];
        var literal = Values.PythonLiteral.Format(new Values.PyStr(slice));
        return (start > 0 ? "..." : "") + literal + (end < text.Length ? "..." : "");
    }
}
