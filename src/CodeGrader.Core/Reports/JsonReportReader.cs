using System.Collections.Immutable;
using System.Text.Json;
using CodeGrader.Core.Diagnostics;
using CodeGrader.Core.Grading;
using CodeGrader.Core.Results;

namespace CodeGrader.Core.Reports;

/// <summary>
/// Reads a <c>codegrader/report@1</c> document back into a <see cref="GradeReport"/>, so documents made from JSON
/// Lines (a batch's JUnit XML, CSV, summary) are projections of the same report as everything else.
/// </summary>
public static class JsonReportReader
{
    public static GradeReport Read(JsonElement root)
    {
        if (root.GetProperty("schema").GetString() != GradeReport.Schema)
            throw new FormatException($"not a {GradeReport.Schema} document");
        var exercise = root.GetProperty("exercise");
        var timings = root.GetProperty("timings");
        var sandbox = root.GetProperty("sandbox");
        return new GradeReport
        {
            Exercise = exercise.GetProperty("title").GetString() ?? "",
            ExerciseId = exercise.GetProperty("id").GetString() ?? "",
            Submission = root.GetProperty("submission").GetString() ?? "",
            Verdict = ParseVerdict(root.GetProperty("verdict").GetString()),
            Score = root.GetProperty("score").GetDouble(),
            Message = Text(root, "message"),
            Error = root.TryGetProperty("error", out var error) ? ReadError(error) : null,
            Tests = [.. root.GetProperty("tests").EnumerateArray().Select(ReadTest)],
            Diagnostics = [.. root.GetProperty("diagnostics").EnumerateArray().Select(ReadDiagnostic)],
            Sandbox = new SandboxInfo(sandbox.GetProperty("description").GetString() ?? "", sandbox.GetProperty("confined").GetBoolean()),
            PeakMemoryBytes = root.TryGetProperty("peak_memory_bytes", out var peak) ? peak.GetInt64() : null,
            PythonVersion = Text(root, "python"),
            Timings = new GradeTimings(
                timings.GetProperty("total_ms").GetDouble(), timings.GetProperty("prepare_ms").GetDouble(),
                Number(timings, "worker_start_ms"), Number(timings, "load_ms"), timings.GetProperty("tests_ms").GetDouble()),
            View = root.GetProperty("view").GetString() == "candidate" ? ReportView.Candidate : ReportView.Author,
        };
    }

    private static TestResult ReadTest(JsonElement test) => new()
    {
        Name = test.GetProperty("name").GetString() ?? "",
        Sample = test.GetProperty("sample").GetBoolean(),
        Weight = test.GetProperty("weight").GetDouble(),
        Status = ParseStatus(test.GetProperty("status").GetString()),
        TimeMs = test.GetProperty("time_ms").GetDouble(),
        CallMs = Number(test, "call_ms"),
        Message = Text(test, "message"),
        Redacted = test.TryGetProperty("redacted", out var redacted) && redacted.GetBoolean(),
        Call = Text(test, "call"),
        Stdin = Text(test, "stdin"),
        Expected = Text(test, "expected"),
        Actual = Text(test, "actual"),
        Diff = Text(test, "diff"),
        Stdout = Text(test, "stdout"),
        Stderr = Text(test, "stderr"),
        Error = test.TryGetProperty("error", out var error) ? ReadError(error) : null,
    };

    private static ErrorInfo ReadError(JsonElement error) => new(
        error.GetProperty("type").GetString() ?? "",
        error.GetProperty("message").GetString() ?? "",
        [.. error.GetProperty("traceback").EnumerateArray().Select(f => f.GetString() ?? "")],
        error.TryGetProperty("line", out var line) ? line.GetInt32() : null);

    private static ReportDiagnostic ReadDiagnostic(JsonElement d) => new(
        d.GetProperty("id").GetString() ?? "",
        Enum.Parse<DiagnosticSeverity>(d.GetProperty("severity").GetString() ?? "error", ignoreCase: true),
        d.GetProperty("message").GetString() ?? "",
        d.GetProperty("file").GetString() ?? "",
        d.GetProperty("line").GetInt32(), d.GetProperty("column").GetInt32(),
        d.GetProperty("end_line").GetInt32(), d.GetProperty("end_column").GetInt32(),
        null);

    private static readonly ImmutableDictionary<string, Verdict> Verdicts =
        Enum.GetValues<Verdict>().ToImmutableDictionary(VerdictRules.Name);

    private static readonly ImmutableDictionary<string, TestStatus> Statuses =
        Enum.GetValues<TestStatus>().ToImmutableDictionary(VerdictRules.Name);

    public static Verdict ParseVerdict(string? name) =>
        name is not null && Verdicts.TryGetValue(name, out var verdict) ? verdict : throw new FormatException($"unknown verdict '{name}'");

    public static TestStatus ParseStatus(string? name) =>
        name is not null && Statuses.TryGetValue(name, out var status) ? status : throw new FormatException($"unknown test status '{name}'");

    private static string? Text(JsonElement node, string name) =>
        node.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static double? Number(JsonElement node, string name) =>
        node.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;
}
