using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using CodeGrader.Core.Grading;
using CodeGrader.Core.Results;

namespace CodeGrader.Core.Reports;

/// <summary>
/// The JSON report, <c>"schema": "codegrader/report@1"</c> (docs/report-format.md). Fields that do not apply, or that
/// the view removed, are absent rather than null, so a redacted test carries nothing but its name, status and time.
/// </summary>
public sealed class JsonReportWriter : IReportWriter
{
    private static readonly JsonWriterOptions Options = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public string Format => "json";

    /// <summary>The report as one line of JSON Lines (no indentation, no line breaks), with extra top-level fields.</summary>
    public static byte[] ToLine(GradeReport report, IReadOnlyList<KeyValuePair<string, string>> extra)
    {
        var buffer = new ArrayBufferWriter<byte>();
        WriteLine(buffer, report, extra);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// As <see cref="ToLine"/>, into <paramref name="output"/>: a batch writes every report through one buffer it reuses
    /// (a report of a thousand tests is a few hundred KB, and a fresh stream per report grew and copied it several times).
    /// </summary>
    public static void WriteLine(IBufferWriter<byte> output, GradeReport report, IReadOnlyList<KeyValuePair<string, string>> extra)
    {
        using (var json = new Utf8JsonWriter(output, new JsonWriterOptions { Encoder = Options.Encoder }))
        {
            WriteReport(json, report, extra);
        }
        output.Write("\n"u8);
    }

    public void Write(GradeReport report, TextWriter output)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, Options))
        {
            WriteReport(json, report);
        }
        output.Write(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
        output.WriteLine();
    }

    private static void WriteReport(Utf8JsonWriter json, GradeReport report, IReadOnlyList<KeyValuePair<string, string>>? extra = null)
    {
        json.WriteStartObject();
        json.WriteString("schema", GradeReport.Schema);
        foreach (var (name, value) in extra ?? []) json.WriteString(name, value);
        json.WriteString("view", report.View == ReportView.Candidate ? "candidate" : "author");
        json.WriteStartObject("exercise");
        json.WriteString("id", report.ExerciseId);
        json.WriteString("title", report.Exercise);
        json.WriteEndObject();
        json.WriteString("submission", report.Submission);
        json.WriteString("verdict", VerdictRules.Name(report.Verdict));
        json.WriteNumber("score", report.Score);
        Optional(json, "message", report.Message);
        if (report.Error is { } error) WriteError(json, error);
        json.WriteStartArray("tests");
        foreach (var test in report.Tests) WriteTest(json, test);
        json.WriteEndArray();
        json.WriteStartArray("diagnostics");
        foreach (var d in report.Diagnostics)
        {
            json.WriteStartObject();
            json.WriteString("id", d.Id);
            json.WriteString("severity", d.Severity.ToString().ToLowerInvariant());
            json.WriteString("message", d.Message);
            json.WriteString("file", d.File);
            json.WriteNumber("line", d.Line);
            json.WriteNumber("column", d.Column);
            json.WriteNumber("end_line", d.EndLine);
            json.WriteNumber("end_column", d.EndColumn);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartObject("sandbox");
        json.WriteString("description", report.Sandbox.Description);
        json.WriteBoolean("confined", report.Sandbox.Confined);
        json.WriteEndObject();
        Optional(json, "python", report.PythonVersion);
        if (report.PeakMemoryBytes is { } peak) json.WriteNumber("peak_memory_bytes", peak);
        json.WriteStartObject("timings");
        json.WriteNumber("total_ms", Math.Round(report.Timings.TotalMs, 3));
        json.WriteNumber("prepare_ms", Math.Round(report.Timings.PrepareMs, 3));
        if (report.Timings.WorkerStartMs is { } start) json.WriteNumber("worker_start_ms", Math.Round(start, 3));
        if (report.Timings.LoadMs is { } load) json.WriteNumber("load_ms", Math.Round(load, 3));
        json.WriteNumber("tests_ms", Math.Round(report.Timings.TestsMs, 3));
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteTest(Utf8JsonWriter json, TestResult test)
    {
        json.WriteStartObject();
        json.WriteString("name", test.Name);
        json.WriteBoolean("sample", test.Sample);
        json.WriteNumber("weight", test.Weight);
        json.WriteString("status", VerdictRules.Name(test.Status));
        json.WriteNumber("time_ms", Math.Round(test.TimeMs, 3));
        if (test.CallMs is { } call) json.WriteNumber("call_ms", Math.Round(call, 4));
        Optional(json, "message", test.Message);
        if (test.Redacted) json.WriteBoolean("redacted", true);
        Optional(json, "call", test.Call);
        Optional(json, "stdin", test.Stdin);
        Optional(json, "expected", test.Expected);
        Optional(json, "actual", test.Actual);
        Optional(json, "diff", test.Diff);
        Optional(json, "stdout", test.Stdout);
        if (!string.IsNullOrEmpty(test.Stderr)) json.WriteString("stderr", test.Stderr);
        if (test.Error is { } error) WriteError(json, error);
        json.WriteEndObject();
    }

    private static void WriteError(Utf8JsonWriter json, ErrorInfo error)
    {
        json.WriteStartObject("error");
        json.WriteString("type", error.Type);
        json.WriteString("message", error.Message);
        if (error.Line is { } line) json.WriteNumber("line", line);
        json.WriteStartArray("traceback");
        foreach (var frame in error.Traceback) json.WriteStringValue(frame);
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void Optional(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null) json.WriteString(name, value);
    }
}
