using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Xml;
using CodeGrader.Core.Grading;
using CodeGrader.Core.Reports;
using CodeGrader.Core.Results;

namespace CodeGrader.Core.Batch;

/// <summary>
/// Makes the batch's documents from results.jsonl in one streaming pass: report.json (every report in one
/// document, with the summary), junit.xml (one testsuite per submission), results.csv and summary.json. Each is
/// written to a temporary file and renamed into place, so none is ever seen half-written.
/// </summary>
public static class BatchDocuments
{
    public const string ReportFile = "report.json";
    public const string JUnitFile = "junit.xml";
    public const string CsvFile = "results.csv";
    public const string SummaryFile = "summary.json";

    private static readonly JsonDocumentOptions ReadOptions = new() { MaxDepth = 256 };
    private const int FlushThreshold = 1 << 16;

    public static BatchSummary Write(string directory)
    {
        var log = Path.Combine(directory, ResultsLog.FileName);
        var summary = new BatchSummary.Builder();
        BatchSummary result;
        var counts = default(JUnitReportWriter.SuiteCounts);
        var suites = Path.Combine(directory, ".junit-suites.tmp");
        // Utf8JsonWriter does not close the stream it writes to; the using declarations do.
        using (var reportFile = Create(directory, ReportFile))
        using (var report = new Utf8JsonWriter(reportFile, new JsonWriterOptions { Indented = false }))
        using (var csv = new StreamWriter(Create(directory, CsvFile), new UTF8Encoding(false)))
        using (var junit = XmlWriter.Create(suites, new XmlWriterSettings { Indent = true, ConformanceLevel = ConformanceLevel.Fragment, Encoding = new UTF8Encoding(false) }))
        {
            report.WriteStartObject();
            report.WriteString("schema", "codegrader/batch@1");
            report.WriteStartArray("submissions");
            csv.WriteLine(CsvRow.Header);
            if (File.Exists(log))
            {
                foreach (var (line, _) in ResultsLog.Lines(log))
                {
                    using var document = JsonDocument.Parse(line, ReadOptions);
                    var graded = JsonReportReader.Read(document.RootElement);
                    report.WriteRawValue(line);
                    summary.Add(graded);
                    csv.WriteLine(CsvRow.For(graded));
                    JUnitReportWriter.WriteSuite(junit, graded);
                    counts = counts.Add(JUnitReportWriter.SuiteCounts.Of(graded));
                    // A Utf8JsonWriter keeps everything in its buffer until flushed: without this, report.json
                    // would be held whole in memory, and the host's memory would grow with the batch.
                    if (report.BytesPending >= FlushThreshold) report.Flush();
                }
            }
            report.WriteEndArray();
            result = summary.Build();
            report.WritePropertyName("summary");
            WriteSummary(report, result);
            report.WriteEndObject();
        }
        Publish(directory, ReportFile);
        Publish(directory, CsvFile);
        WriteJUnit(directory, suites, counts);
        using (var summaryFile = Create(directory, SummaryFile))
        using (var json = new Utf8JsonWriter(summaryFile, new JsonWriterOptions { Indented = true }))
        {
            WriteSummary(json, result);
        }
        Publish(directory, SummaryFile);
        return result;
    }

    private static void WriteJUnit(string directory, string suites, JUnitReportWriter.SuiteCounts counts)
    {
        using (var output = Create(directory, JUnitFile))
        {
            using (var xml = XmlWriter.Create(output, new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false) }))
            {
                xml.WriteStartDocument();
                xml.WriteStartElement("testsuites");
                xml.WriteAttributeString("name", "codegrader batch");
                counts.WriteAttributes(xml);
                xml.WriteString("\n");
                xml.Flush();
                using (var fragments = File.OpenRead(suites)) fragments.CopyTo(output);
                xml.WriteEndElement();
                xml.WriteEndDocument();
            }
        }
        File.Delete(suites);
        Publish(directory, JUnitFile);
    }

    public static void WriteSummary(Utf8JsonWriter json, BatchSummary summary)
    {
        json.WriteStartObject();
        json.WriteNumber("submissions", summary.Submissions);
        json.WriteStartObject("verdicts");
        foreach (var (verdict, count) in summary.Verdicts) json.WriteNumber(verdict, count);
        json.WriteEndObject();
        json.WriteNumber("mean_score", Math.Round(summary.MeanScore, 2));
        json.WriteStartObject("scores");
        foreach (var band in summary.Scores) json.WriteNumber(band.Range, band.Count);
        json.WriteEndObject();
        json.WriteStartArray("slowest");
        foreach (var slow in summary.Slowest)
        {
            json.WriteStartObject();
            json.WriteString("submission", slow.Submission);
            json.WriteNumber("total_ms", Math.Round(slow.TotalMs, 3));
            json.WriteString("verdict", slow.Verdict);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartArray("failing_tests");
        foreach (var test in summary.CatchingTests)
        {
            json.WriteStartObject();
            json.WriteString("exercise", test.Exercise);
            json.WriteString("test", test.Test);
            json.WriteNumber("submissions", test.Caught);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteNumber("unconfined", summary.Unconfined);
        json.WriteEndObject();
    }

    private static FileStream Create(string directory, string name) => new(Path.Combine(directory, name + ".tmp"), FileMode.Create, FileAccess.Write);

    private static void Publish(string directory, string name) =>
        File.Move(Path.Combine(directory, name + ".tmp"), Path.Combine(directory, name), overwrite: true);

    /// <summary>One CSV row per submission (RFC 4180 quoting).</summary>
    private static class CsvRow
    {
        public const string Header = "submission,exercise,verdict,score,passed,tests,total_ms,worker_start_ms,load_ms,peak_memory_bytes,sandbox,message";

        public static string For(GradeReport report) => string.Join(',',
            Quote(report.Submission), Quote(report.ExerciseId), VerdictRules.Name(report.Verdict), Number(report.Score),
            report.Tests.Count(t => t.Status == TestStatus.Passed).ToString(CultureInfo.InvariantCulture),
            report.Tests.Length.ToString(CultureInfo.InvariantCulture),
            Number(report.Timings.TotalMs), Number(report.Timings.WorkerStartMs), Number(report.Timings.LoadMs),
            report.PeakMemoryBytes?.ToString(CultureInfo.InvariantCulture) ?? "",
            report.Sandbox.Confined ? "on" : "off", Quote(report.Message ?? ""));

        private static string Number(double? value) => value?.ToString("0.###", CultureInfo.InvariantCulture) ?? "";

        private static string Quote(string text) =>
            text.IndexOfAny([',', '"', '\n', '\r']) < 0 ? text : "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }
}
