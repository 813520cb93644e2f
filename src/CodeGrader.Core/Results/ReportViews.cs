
namespace CodeGrader.Core.Results;

/// <summary>
/// Projects a report for its audience. The candidate view keeps a hidden test's name, sample flag, weight, status
/// and host-clock time in whole milliseconds, and replaces its message with the status alone: no call, arguments, expected or actual value, output,
/// diff, or exception message and traceback. Every output format prints the projected report, so none can leak.
/// </summary>
public static class ReportViews
{
    public static GradeReport For(GradeReport report, ReportView view) => view == ReportView.Candidate ? ForCandidate(report) : report;

    public static GradeReport ForCandidate(GradeReport report) => report with
    {
        View = ReportView.Candidate,
        Tests = [.. report.Tests.Select(t => ShownInFull(t) ? t : Redact(t))],
        Message = report.Message is null ? null : CandidateMessage(report),
        // An internal error's diagnostics are the exercise's (an invalid exercise.yaml, its tests): never the candidate's.
        Diagnostics = report.Verdict == Verdict.InternalError ? [] : report.Diagnostics,
    };

    /// <summary>One test as <paramref name="view"/> shows it: a hidden test redacted for the candidate, everything else as it is.</summary>
    public static TestResult For(TestResult test, ReportView view) => view == ReportView.Candidate && !ShownInFull(test) ? Redact(test) : test;

    /// <summary>A sample test written in YAML: its call and values are the example the candidate is meant to see. A Python test's message holds the test's own values.</summary>
    private static bool ShownInFull(TestResult test) => test.Sample && !test.PythonTest;

    private static TestResult Redact(TestResult test) => new()
    {
        Name = test.Name,
        Sample = test.Sample && test.PythonTest,
        PythonTest = test.PythonTest,
        Weight = test.Weight,
        Status = test.Status,
        // Whole milliseconds, rounded up: the time is a channel the submission controls (it can take longer on
        // purpose), and a coarse one carries fewer bits.
        TimeMs = Math.Ceiling(test.TimeMs),
        // Not CallMs: that is the worker's own claim, a number the candidate's code controls (it can patch the
        // harness's clock) and so a channel out of a hidden test. TimeMs is the host's clock.
        Message = test.Status == TestStatus.Passed ? null : VerdictRules.Describe(test.Status),
        Redacted = true,
    };

    /// <summary>The report's message unless it came from a hidden test, in which case only the test's name and status.</summary>
    private static string CandidateMessage(GradeReport report)
    {
        if (report.Verdict == Verdict.InternalError) return "internal error while grading; the author's report has the details";
        var first = report.Tests.FirstOrDefault(t => t.Status is not (TestStatus.Passed or TestStatus.NotRun));
        return first is not null && !ShownInFull(first)
            ? $"{VerdictRules.Describe(first.Status)} on test '{first.Name}'"
            : report.Message!;
    }
}
