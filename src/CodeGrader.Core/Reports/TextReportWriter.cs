using System.Globalization;
using CodeGrader.Core.Diagnostics;
using CodeGrader.Core.Grading;

namespace CodeGrader.Core.Reports;

/// <summary>
/// The console report: verdict and score, a table of tests with status and time, then each test that did not pass
/// with expected, actual and a diff, diagnostics compiler-style with the source line and a caret, and a footer with
/// the sandbox (loudly when it was off), Python, peak memory and timings.
/// </summary>
public sealed class TextReportWriter(bool color = false) : IReportWriter
{
    public string Format => "text";

    public void Write(GradeReport report, TextWriter output)
    {
        var ansi = new Ansi(color);
        var verdict = VerdictRules.Name(report.Verdict).Replace('_', ' ').ToUpperInvariant();
        output.WriteLine($"{ansi.Bold(report.Exercise)} ({report.ExerciseId}): {report.Submission}");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{(report.Accepted ? ansi.Green(verdict) : ansi.Red(verdict))}  score {report.Score:0.##}/100"));
        if (report.Message is { } message) output.WriteLine(message);
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

    private static string Label(TestResult test) => test.Sample ? test.Name + " (sample)" : test.Name;

    private static string Colour(TestStatus status, string text, Ansi ansi) => status switch
    {
        TestStatus.Passed => ansi.Green(text),
        TestStatus.NotRun => ansi.Dim(text),
        TestStatus.Failed or TestStatus.Error or TestStatus.Crashed => ansi.Red(text),
        _ => ansi.Yellow(text),
    };

    private static void WriteFailure(TextWriter output, TestResult test, Ansi ansi)
    {
        output.WriteLine($"{Colour(test.Status, VerdictRules.Name(test.Status), ansi)}: {ansi.Bold(test.Name)}{(test.Sample ? " (sample)" : test.Redacted ? " (hidden)" : "")}");
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
        var lines = text.Split('\n');
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
            foreach (var frame in error.Traceback) output.WriteLine($"{indent}  {frame}");
        }
        output.WriteLine(error.Message.Length == 0 ? $"{indent}{error.Type}" : $"{indent}{error.Type}: {error.Message}");
    }

    /// <summary>Compiler style, then the source line and a caret under the span.</summary>
    private static void WriteDiagnostic(TextWriter output, ReportDiagnostic diagnostic, Ansi ansi)
    {
        var text = diagnostic.ToString();
        output.WriteLine(diagnostic.Severity == DiagnosticSeverity.Error ? ansi.Red(text) : ansi.Yellow(text));
        if (diagnostic.SourceLine is not { } line) return;
        var gutter = diagnostic.Line.ToString(CultureInfo.InvariantCulture);
        output.WriteLine($"  {gutter} | {line}");
        var column = Math.Min(diagnostic.Column - 1, line.Length);
        var width = diagnostic.EndLine == diagnostic.Line ? Math.Max(1, diagnostic.EndColumn - diagnostic.Column) : 1;
        width = Math.Min(width, Math.Max(1, line.Length - column));
        output.WriteLine($"  {new string(' ', gutter.Length)} | {new string(' ', column)}{ansi.Red(new string('^', width))}");
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
}
