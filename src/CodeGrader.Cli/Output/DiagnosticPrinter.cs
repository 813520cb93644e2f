using System.Globalization;
using System.Text;
using CodeGrader.Core.Diagnostics;

namespace CodeGrader.Cli.Output;

/// <summary>Prints diagnostics the way compilers do: the location line, then the source line and a caret under the span.</summary>
internal static class DiagnosticPrinter
{
    public static void Print(TextWriter output, Diagnostic diagnostic, ReadOnlySpan<byte> source)
    {
        output.WriteLine(diagnostic.ToString());
        var lines = Encoding.UTF8.GetString(source).Split('\n');
        var span = diagnostic.Location.Span;
        if (span.Start.Line >= lines.Length) return;
        var text = lines[span.Start.Line].TrimEnd('\r');
        var gutter = (span.Start.Line + 1).ToString(CultureInfo.InvariantCulture);
        output.WriteLine($"  {gutter} | {text}");
        var column = Math.Min(span.Start.Character, text.Length);
        var width = span.End.Line == span.Start.Line ? Math.Max(1, span.End.Character - span.Start.Character) : 1;
        output.WriteLine($"  {new string(' ', gutter.Length)} | {new string(' ', column)}{new string('^', Math.Min(width, Math.Max(1, text.Length - column + 1)))}");
    }
}
