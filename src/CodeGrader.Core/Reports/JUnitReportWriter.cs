using System.Globalization;
using System.Text;
using System.Xml;
using CodeGrader.Core.Grading;
using CodeGrader.Core.Results;

namespace CodeGrader.Core.Reports;

/// <summary>
/// JUnit XML as GitLab, Jenkins and GitHub's reporters read it: one <c>testsuite</c> in <c>testsuites</c>, a
/// <c>testcase</c> per test, <c>failure</c> for a wrong answer, <c>error</c> for exceptions, time-outs, limits and
/// crashes, <c>skipped</c> for tests not run. A submission that never ran its tests (compile error, import failure,
/// internal error) gets one extra test case, "load submission", with the error.
/// </summary>
internal sealed class JUnitReportWriter : IReportWriter
{
    public string Format => "junit";

    public void Write(GradeReport report, TextWriter output)
    {
        var settings = new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false), OmitXmlDeclaration = false };
        var builder = new StringBuilder();
        using (var xml = XmlWriter.Create(builder, settings))
        {
            WriteDocument(xml, report);
        }
        output.WriteLine(builder.ToString().Replace("encoding=\"utf-16\"", "encoding=\"utf-8\"", StringComparison.Ordinal));
    }

    private static void WriteDocument(XmlWriter xml, GradeReport report)
    {
        var counts = SuiteCounts.Of(report);
        xml.WriteStartDocument();
        xml.WriteStartElement("testsuites");
        xml.WriteAttributeString("name", "codegrader");
        counts.WriteAttributes(xml);
        WriteSuite(xml, report);
        xml.WriteEndElement();
        xml.WriteEndDocument();
    }

    /// <summary>One submission as a <c>testsuite</c> element; a batch writes one per submission under one root.</summary>
    public static void WriteSuite(XmlWriter xml, GradeReport report)
    {
        var loadFailed = LoadFailed(report);
        xml.WriteStartElement("testsuite");
        xml.WriteAttributeString("name", Clean($"{report.ExerciseId}: {report.Submission}"));
        SuiteCounts.Of(report).WriteAttributes(xml);
        xml.WriteStartElement("properties");
        Property(xml, "verdict", VerdictRules.Name(report.Verdict));
        Property(xml, "score", report.Score.ToString("0.##", CultureInfo.InvariantCulture));
        Property(xml, "exercise", report.Exercise);
        Property(xml, "view", report.View == ReportView.Candidate ? "candidate" : "author");
        Property(xml, "sandbox", report.Sandbox.Confined ? report.Sandbox.Description : $"off: {report.Sandbox.Description}");
        if (report.PythonVersion is { } python) Property(xml, "python", python);
        xml.WriteEndElement();
        if (loadFailed)
        {
            xml.WriteStartElement("testcase");
            xml.WriteAttributeString("name", "load submission");
            xml.WriteAttributeString("classname", ClassName(report));
            xml.WriteAttributeString("time", Seconds(report.Timings.LoadMs ?? 0));
            xml.WriteStartElement("error");
            xml.WriteAttributeString("message", Clean(report.Message ?? VerdictRules.Name(report.Verdict)));
            xml.WriteAttributeString("type", VerdictRules.Name(report.Verdict));
            var details = new StringBuilder();
            foreach (var d in report.Diagnostics) details.AppendLine(d.ToString());
            if (report.Error is { } error) details.AppendLine(error.Message.Length == 0 ? error.Type : $"{error.Type}: {error.Message}");
            xml.WriteString(Clean(details.ToString()));
            xml.WriteEndElement();
            xml.WriteEndElement();
        }
        foreach (var test in report.Tests) WriteTest(xml, report, test);
        xml.WriteEndElement();
    }

    private static bool LoadFailed(GradeReport report) => report.Tests.All(t => t.Status == TestStatus.NotRun) && !report.Accepted;

    /// <summary>The counts a <c>testsuite</c> (or the <c>testsuites</c> root, summed) carries.</summary>
    public readonly record struct SuiteCounts(int Tests, int Failures, int Errors, int Skipped, double TimeMs)
    {
        public static SuiteCounts Of(GradeReport report)
        {
            var loadFailed = LoadFailed(report);
            return new SuiteCounts(
                report.Tests.Length + (loadFailed ? 1 : 0),
                report.Tests.Count(t => t.Status == TestStatus.Failed),
                report.Tests.Count(IsError) + (loadFailed ? 1 : 0),
                report.Tests.Count(t => t.Status == TestStatus.NotRun),
                report.Timings.TotalMs);
        }

        public SuiteCounts Add(SuiteCounts other) =>
            new(Tests + other.Tests, Failures + other.Failures, Errors + other.Errors, Skipped + other.Skipped, TimeMs + other.TimeMs);

        public void WriteAttributes(XmlWriter xml) => Counts(xml, Tests, Failures, Errors, Skipped, Seconds(TimeMs));
    }

    private static void WriteTest(XmlWriter xml, GradeReport report, TestResult test)
    {
        xml.WriteStartElement("testcase");
        xml.WriteAttributeString("name", Clean(test.Name));
        xml.WriteAttributeString("classname", ClassName(report));
        xml.WriteAttributeString("time", Seconds(test.TimeMs));
        var message = Clean(test.Message ?? VerdictRules.Describe(test.Status));
        if (test.Status == TestStatus.NotRun)
        {
            xml.WriteStartElement("skipped");
            xml.WriteAttributeString("message", message);
            xml.WriteEndElement();
        }
        else if (test.Status != TestStatus.Passed)
        {
            xml.WriteStartElement(test.Status == TestStatus.Failed ? "failure" : "error");
            xml.WriteAttributeString("message", message);
            xml.WriteAttributeString("type", VerdictRules.Name(test.Status));
            xml.WriteString(Clean(Details(test)));
            xml.WriteEndElement();
        }
        if (!string.IsNullOrEmpty(test.Stdout))
        {
            xml.WriteStartElement("system-out");
            xml.WriteString(Clean(test.Stdout));
            xml.WriteEndElement();
        }
        if (!string.IsNullOrEmpty(test.Stderr))
        {
            xml.WriteStartElement("system-err");
            xml.WriteString(Clean(test.Stderr));
            xml.WriteEndElement();
        }
        xml.WriteEndElement();
    }

    private static string Details(TestResult test)
    {
        var text = new StringBuilder();
        if (test.Message is { } message) text.AppendLine(message);
        if (test.Call is { } call) text.AppendLine("call:     " + call);
        if (test.Stdin is { } stdin) text.AppendLine("stdin:    " + stdin);
        if (test.Expected is { } expected) text.AppendLine("expected: " + expected);
        if (test.Actual is { } actual) text.AppendLine("actual:   " + actual);
        if (test.Diff is { } diff) text.AppendLine(diff);
        if (test.Error is { } error)
        {
            foreach (var frame in error.Traceback) text.AppendLine("  " + frame);
            text.AppendLine(error.Message.Length == 0 ? error.Type : $"{error.Type}: {error.Message}");
        }
        return text.ToString();
    }

    private static bool IsError(TestResult test) => test.Status is not (TestStatus.Passed or TestStatus.Failed or TestStatus.NotRun);

    private static string ClassName(GradeReport report) => "codegrader." + report.ExerciseId;

    private static void Counts(XmlWriter xml, int tests, int failures, int errors, int skipped, string time)
    {
        xml.WriteAttributeString("tests", tests.ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("failures", failures.ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("errors", errors.ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("skipped", skipped.ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("time", time);
    }

    private static void Property(XmlWriter xml, string name, string value)
    {
        xml.WriteStartElement("property");
        xml.WriteAttributeString("name", name);
        xml.WriteAttributeString("value", Clean(value));
        xml.WriteEndElement();
    }

    private static string Seconds(double milliseconds) => (milliseconds / 1000).ToString("0.000", CultureInfo.InvariantCulture);

    /// <summary>
    /// Characters XML 1.0 cannot hold (control characters, lone surrogates) written as \xNN or \uNNNN; so are DEL and the
    /// C1 controls, which XML allows but a terminal showing the report would obey (U+009B is CSI, as ESC [ is).
    /// </summary>
    private static string Clean(string text)
    {
        StringBuilder? builder = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var pair = char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);
            var valid = pair || (XmlConvert.IsXmlChar(c) && !char.IsSurrogate(c) && c is not (>= '\u007f' and <= '\u009f'));
            if (valid && builder is null) { if (pair) i++; continue; }
            builder ??= new StringBuilder(text, 0, i, text.Length + 16);
            if (pair) { builder.Append(c).Append(text[++i]); }
            else if (valid) builder.Append(c);
            else builder.Append(c <= 0xff ? string.Create(CultureInfo.InvariantCulture, $"\\x{(int)c:x2}") : string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"));
        }
        return builder?.ToString() ?? text;
    }
}
