using System.Globalization;
using System.Text;
using CodeGrader.Core.Diagnostics;
using CodeGrader.Python;

namespace CodeGrader.Core.Programs;

/// <summary>What Python itself prints to stderr when a script ends by an exception or does not compile, built from
/// what the worker reported (frames without their source lines).</summary>
public static class ProgramTraceback
{
    /// <summary>"Traceback (most recent call last):", a line per frame, then "Type: message".</summary>
    public static string Format(PythonError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var text = new StringBuilder();
        if (error.Traceback.Count > 0)
        {
            text.Append("Traceback (most recent call last):\n");
            foreach (var line in error.Traceback.SelectMany(f => f.Lines())) text.Append("  ").Append(line).Append('\n');
        }
        return text.Append(error).Append('\n').ToString();
    }

    /// <summary>The file, line and column, then the message, as Python reports a SyntaxError.</summary>
    public static string Format(Diagnostic compileError)
    {
        ArgumentNullException.ThrowIfNull(compileError);
        var start = compileError.Location.Span.Start;
        return string.Create(CultureInfo.InvariantCulture,
            $"  File \"{compileError.Location.Path}\", line {start.Line + 1}, column {start.Character + 1}\n{compileError.Message}\n");
    }
}
