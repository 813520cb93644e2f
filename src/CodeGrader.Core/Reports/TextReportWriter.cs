using System.Globalization;
using System.Text;
using CodeGrader.Core.Diagnostics;
using CodeGrader.Core.Grading;
using CodeGrader.Core.Results;

namespace CodeGrader.Core.Reports;

/// <summary>
/// The console report: verdict and score, a table of tests with status and time, then each test that did not pass
/// with expected, actual and a diff, diagnostics compiler-style with the source line and a caret, and a footer with
/// the sandbox (loudly when it was off), Python, peak memory and timings. Text from the report's data is written
/// through <see cref="Printable"/>: a submission's output or exception message cannot drive the terminal.
/// </summary>
internal sealed class TextReportWriter(bool color = false) : IReportWriter
{
    public string Format => "text";

    public void Write(GradeReport report, TextWriter output)
    {
        var ansi = new Ansi(color);
        var verdict = VerdictRules.Name(report.Verdict).Replace('_', ' ').ToUpperInvariant();
        output.WriteLine($"{ansi.Bold(Printable(report.Exercise))} ({Printable(report.ExerciseId)}): {Printable(report.Submission)}");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{(report.Accepted ? ansi.Green(verdict) : ansi.Red(verdict))}  score {report.Score:0.##}/100"));
        if (report.Message is { } message) output.WriteLine(Printable(message));
        if (!report.Sandbox.Confined) output.WriteLine(ansi.Yellow("warning: the sandbox was off; the submission ran unconfined"));
        if (!report.Diagnostics.IsEmpty)
        {
            output.WriteLine();
            foreach (var diagnostic in report.Diagnostics) WriteDiagnostic(output, diagnostic, ansi);
        }
        if (report.Error is { } error)
        {
            output.WriteLine();
            WriteError(output, error, "");
        }
        if (!report.Tests.IsEmpty)
        {
            output.WriteLine();
            WriteTable(output, report, ansi);
        }
        // Passed tests with a message: notes for the author (an answer compared by its base type).
        var notes = report.Tests.Where(t => t.Status == TestStatus.Passed && t.Message is not null).ToList();
        if (notes.Count > 0) output.WriteLine();
        foreach (var test in notes) output.WriteLine($"  note: {Printable(test.Name)}: {Printable(test.Message!)}");
        var failures = report.Tests.Where(t => t.Status is not (TestStatus.Passed or TestStatus.NotRun)).ToList();
        foreach (var test in failures)
        {
            output.WriteLine();
            WriteFailure(output, test, ansi);
        }
        output.WriteLine();
        WriteFooter(output, report, ansi);
    }

    private static void WriteTable(TextWriter output, GradeReport report, Ansi ansi)
    {
        var nameWidth = Math.Clamp(report.Tests.Max(t => Label(t).Length), 4, 48);
        var passed = report.Tests.Count(t => t.Status == TestStatus.Passed);
        output.WriteLine(ansi.Dim($"  {"#",3}  {"test".PadRight(nameWidth)}  {"status",-12}  {"time",10}"));
        for (var i = 0; i < report.Tests.Length; i++)
        {
            var test = report.Tests[i];
            var label = Label(test);
            if (label.Length > nameWidth) label = label[..(nameWidth - 3)] + "...";
            var status = VerdictRules.Name(test.Status).PadRight(12);
            var time = test.Status == TestStatus.NotRun ? "" : string.Create(CultureInfo.InvariantCulture, $"{test.TimeMs:0.0} ms");
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {i + 1,3}  {label.PadRight(nameWidth)}  {Colour(test.Status, status, ansi)}  {time,10}"));
        }
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {passed}/{report.Tests.Length} passed"));
    }

    private static string Label(TestResult test) => Printable(test.Sample ? test.Name + " (sample)" : test.Name);

    private static string Colour(TestStatus status, string text, Ansi ansi) => status switch
    {
        TestStatus.Passed => ansi.Green(text),
        TestStatus.NotRun => ansi.Dim(text),
        TestStatus.Failed or TestStatus.Error or TestStatus.Crashed => ansi.Red(text),
        _ => ansi.Yellow(text),
    };

    private static void WriteFailure(TextWriter output, TestResult test, Ansi ansi)
    {
        output.WriteLine($"{Colour(test.Status, VerdictRules.Name(test.Status), ansi)}: {ansi.Bold(Printable(test.Name))}{(test.Sample ? " (sample)" : test.Redacted ? " (hidden)" : "")}");
        if (test.Message is { } message) WriteBlock(output, "", message);
        if (test.Call is { } call) WriteBlock(output, "call:     ", call);
        if (test.Stdin is { } stdin) WriteBlock(output, "stdin:    ", Quote(stdin));
        if (test.Expected is { } expected) WriteBlock(output, "expected: ", test.Stdin is not null ? Quote(expected) : expected);
        if (test.Actual is { } actual) WriteBlock(output, "actual:   ", test.Stdin is not null ? Quote(actual) : actual);
        if (test.Diff is { } diff) WriteBlock(output, "", diff);
        if (test.Error is { } error) WriteError(output, error, "  ");
        if (!string.IsNullOrEmpty(test.Stdout) && test.Stdin is null) WriteBlock(output, "stdout:   ", test.Stdout.TrimEnd('\n'));
        if (!string.IsNullOrEmpty(test.Stderr)) WriteBlock(output, "stderr:   ", test.Stderr.TrimEnd('\n'));
    }

    private static string Quote(string text) => Values.PythonLiteral.Format(new Values.PyStr(text));

    private static void WriteBlock(TextWriter output, string label, string text)
    {
        var lines = Printable(text).Split('\n');
        var indent = new string(' ', label.Length);
        output.WriteLine($"  {label}{lines[0]}");
        foreach (var line in lines.Skip(1).Take(40)) output.WriteLine($"  {indent}{line}");
        if (lines.Length > 41) output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {indent}... {lines.Length - 41} more lines"));
    }

    private static void WriteError(TextWriter output, ErrorInfo error, string indent)
    {
        if (!error.Traceback.IsEmpty)
        {
            output.WriteLine($"{indent}Traceback (most recent call last):");
            foreach (var frame in error.Traceback) output.WriteLine($"{indent}  {Printable(frame)}");
        }
        output.WriteLine(error.Message.Length == 0 ? $"{indent}{Printable(error.Type)}" : $"{indent}{Printable(error.Type)}: {Printable(error.Message)}");
    }

    /// <summary>Characters of a long source line shown around a diagnostic's span; a … stands for the rest.</summary>
    private const int SourceExcerpt = 120;

    /// <summary>Compiler style, then the source line (around the span when it is long) and a caret under the span.</summary>
    private static void WriteDiagnostic(TextWriter output, ReportDiagnostic diagnostic, Ansi ansi)
    {
        var text = Printable(diagnostic.ToString());
        output.WriteLine(diagnostic.Severity == DiagnosticSeverity.Error ? ansi.Red(text) : ansi.Yellow(text));
        if (diagnostic.SourceLine is not { } line) return;
        var gutter = diagnostic.Line.ToString(CultureInfo.InvariantCulture);
        var column = Math.Min(diagnostic.Column - 1, line.Length);
        var width = diagnostic.EndLine == diagnostic.Line ? Math.Max(1, diagnostic.EndColumn - diagnostic.Column) : 1;
        var from = line.Length <= SourceExcerpt ? 0 : Math.Clamp(column - SourceExcerpt / 4, 0, line.Length - SourceExcerpt);
        var to = Math.Min(line.Length, from + SourceExcerpt);
        var (before, after) = (from > 0 ? "…" : "", to < line.Length ? "…" : "");
        width = Math.Min(width, Math.Max(1, to - column));
        output.WriteLine($"  {gutter} | {before}{Printable(line[from..to])}{after}");
        // The caret under the escaped line: columns count the characters as printed.
        var shown = before.Length + Printable(line[from..column]).Length;
        width = Math.Max(1, Printable(line.Substring(column, Math.Min(width, line.Length - column))).Length);
        output.WriteLine($"  {new string(' ', gutter.Length)} | {new string(' ', shown)}{ansi.Red(new string('^', width))}");
    }

    private static void WriteFooter(TextWriter output, GradeReport report, Ansi ansi)
    {
        var sandbox = report.Sandbox.Confined ? report.Sandbox.Description : ansi.Yellow($"OFF ({report.Sandbox.Description})");
        output.WriteLine($"sandbox: {sandbox}");
        var parts = new List<string>();
        if (report.PythonVersion is { } python) parts.Add($"Python {python}");
        if (report.PeakMemoryBytes is { } peak) parts.Add(string.Create(CultureInfo.InvariantCulture, $"peak memory {peak / (1024.0 * 1024):0.0} MiB"));
        parts.Add(string.Create(CultureInfo.InvariantCulture, $"total {report.Timings.TotalMs:0} ms"));
        if (report.Timings.WorkerStartMs is { } start) parts.Add(string.Create(CultureInfo.InvariantCulture, $"worker start {start:0.0} ms"));
        parts.Add(string.Create(CultureInfo.InvariantCulture, $"tests {report.Timings.TestsMs:0} ms"));
        if (report.View == ReportView.Candidate) parts.Add("candidate view");
        output.WriteLine(ansi.Dim(string.Join(" | ", parts)));
    }

    /// <summary>
    /// Text as a terminal can show it harmlessly. A submission controls its output, exception messages, source and file
    /// name: raw, an escape sequence in them could move the cursor over the verdict and print a forged one, or send the
    /// terminal commands (OSC 52 writes the clipboard). Control characters other than newline and tab, and the
    /// bidirectional overrides that reorder what is shown, are written as <c>\xNN</c> or <c>\uNNNN</c>; <c>\r\n</c> is
    /// a newline.
    /// </summary>
    internal static string Printable(string text)
    {
        StringBuilder? builder = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var crlf = c == '\r' && i + 1 < text.Length && text[i + 1] == '\n';
            var harmful = crlf || (char.IsControl(c) && c is not '\n' and not '\t') || c is >= '\u202a' and <= '\u202e' or >= '\u2066' and <= '\u2069';
            if (!harmful)
            {
                builder?.Append(c);
                continue;
            }
            builder ??= new StringBuilder(text, 0, i, text.Length + 16);
            if (!crlf) builder.Append(c <= 0xff ? string.Create(CultureInfo.InvariantCulture, $"\\x{(int)c:x2}") : string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"));
        }
        return builder?.ToString() ?? text;
    }
}
