using System.Globalization;
using CodeGrader.Core.Grading;
using CodeGrader.Core.Results;

namespace CodeGrader.Core.Batch;

/// <summary>One row of results.csv per submission (RFC 4180 quoting).</summary>
internal static class BatchCsvRow
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
