using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using CodeGrader.Core.Comparison;
using CodeGrader.Core.Diagnostics;
using CodeGrader.Core.Exercises;
using CodeGrader.Core.Execution;
using CodeGrader.Core.Reports;
using CodeGrader.Python;
using CodeGrader.Core.Results;

namespace CodeGrader.Core.Grading;

/// <summary>
/// Collects one submission's results, in whatever order the tests ran, and builds the report with the tests in the
/// exercise file's order.
/// </summary>
internal sealed class GradeReportBuilder(Exercise exercise, SubmissionSource source, IWorkerConfinement confinement)
{
    private readonly TestResult?[] _tests = new TestResult?[exercise.Tests.Length];
    private string[]? _lines;
    private Action? _retiring;

    public WorkerSession? Session { get; set; }

    /// <summary>Called once, as the session's worker is retired: the submission runs nothing more from then on.</summary>
    public Action? Retiring
    {
        get => _retiring;
        init => _retiring = value;
    }

    public TimeSpan? LoadTime { get; set; }
    public TimeSpan TestsTime { get; set; }

    public TestResult Add(ExerciseTest test, TestRunResult result, Judgement judgement) => _tests[test.Index] = new TestResult
    {
        Name = test.Name,
        Sample = test.Sample,
        Weight = test.Weight,
        Status = judgement.Status,
        TimeMs = result.HostTime.TotalMilliseconds,
        CallMs = result.WorkerTime?.TotalMilliseconds,
        Message = judgement.Message,
        Call = exercise.Kind == ExerciseKind.Program ? null : test.Describe(),
        Stdin = exercise.Kind == ExerciseKind.Program ? test.Stdin : null,
        Expected = judgement.Expected,
        Actual = judgement.Actual,
        Diff = judgement.Diff,
        Stdout = result.Stdout,
        Stderr = result.Stderr + (result.End is { Stderr.Length: > 0 } end ? end.Stderr : ""),
        Error = Error(result.Error),
        PythonTest = test.PythonTest is not null,
    };

    /// <summary>Why the remaining tests did not run when the submission's total time budget was spent, else null.</summary>
    private string? _budgetSpent;

    /// <summary>The submission's total time budget is spent: every test without a result is not run, and says why.</summary>
    public void BudgetSpent(TimeSpan budget, int ran, int timedOut)
    {
        var left = _tests.Count(t => t is null);
        _budgetSpent = string.Create(CultureInfo.InvariantCulture,
            $"the submission's total time budget of {LimitParser.FormatDuration(budget)} was spent after {ran} test{(ran == 1 ? "" : "s")}") +
            (timedOut > 0 ? string.Create(CultureInfo.InvariantCulture, $" ({timedOut} of them timed out)") : "") +
            string.Create(CultureInfo.InvariantCulture, $", before {left} more could run");
        RemainingNotRun($"not run: {_budgetSpent} (tests run cheapest first, samples before hidden ones)");
    }

    /// <summary>Every test without a result yet is marked not run, with the reason.</summary>
    public void RemainingNotRun(string message)
    {
        foreach (var test in exercise.Tests) _tests[test.Index] ??= NotRunResult(test, message);
    }

    public async Task<GradeReport> NotRunAsync(Verdict verdict, string message, ImmutableArray<Diagnostic> diagnostics, PythonError? error, TimeSpan elapsed)
    {
        Array.Clear(_tests);
        RemainingNotRun("not run: " + message);
        await RetireWorkersAsync().ConfigureAwait(false);
        return Build(verdict, message, diagnostics, Error(error), elapsed);
    }

    /// <summary>Ends the session's worker first, so its peak memory is known.</summary>
    private async Task RetireWorkersAsync()
    {
        Interlocked.Exchange(ref _retiring, null)?.Invoke();
        if (Session is not null) await Session.DisposeAsync().ConfigureAwait(false);
    }

    public async Task<GradeReport> FinishAsync(string? fault, TimeSpan elapsed)
    {
        await RetireWorkersAsync().ConfigureAwait(false);
        var tests = Tests();
        // With the budget spent, the verdict follows the first test that ran and did not pass, else the budget itself.
        var first = tests.FirstOrDefault(t => t.Status != TestStatus.Passed && (_budgetSpent is null || t.Status != TestStatus.NotRun));
        var verdict = fault is not null ? Verdict.InternalError
            : first is not null ? VerdictRules.ForTest(first.Status)
            : _budgetSpent is not null ? Verdict.TimeLimitExceeded
            : Verdict.Accepted;
        var message = fault is not null
            ? $"internal error: the exercise failed while judging {fault}"
            : first is not null
                ? $"{VerdictRules.Describe(first.Status)} on test '{first.Name}'" + (first.Message is { } m && m != VerdictRules.Describe(first.Status) ? $": {m}" : "")
                : _budgetSpent is not null
                    ? $"{VerdictRules.Describe(TestStatus.Timeout)}: {_budgetSpent}"
                    : string.Create(CultureInfo.InvariantCulture, $"all {tests.Length} tests passed");
        return Build(verdict, message, [], null, elapsed);
    }

    private static TestResult NotRunResult(ExerciseTest test, string message) => new()
    {
        Name = test.Name,
        Sample = test.Sample,
        Weight = test.Weight,
        Status = TestStatus.NotRun,
        Message = message,
        Call = test.Call ?? (test.Steps.IsEmpty && test.PythonTest is null ? null : test.Describe()),
        Stdin = test.Stdin,
        PythonTest = test.PythonTest is not null,
    };

    private ImmutableArray<TestResult> Tests() =>
        [.. _tests.Select((t, i) => t ?? throw new InvalidOperationException($"test {i} has no result"))];

    private GradeReport Build(Verdict verdict, string message, ImmutableArray<Diagnostic> diagnostics, ErrorInfo? error, TimeSpan elapsed)
    {
        var tests = Tests();
        return new GradeReport
        {
            Exercise = exercise.Title,
            ExerciseId = exercise.Id,
            Submission = source.FileName,
            Verdict = verdict,
            Score = verdict is Verdict.CompileError or Verdict.InternalError ? 0 : VerdictRules.Score(tests.Select(t => (t.Status, t.Weight))),
            Message = message,
            Error = error,
            Tests = tests,
            Diagnostics = [.. diagnostics.Select(d => ReportDiagnostic.From(d, SourceLine(d.Location.Span.Start.Line)))],
            Sandbox = new SandboxInfo(confinement.Description, confinement.IsConfined),
            PeakMemoryBytes = Session?.PeakMemoryBytes,
            PythonVersion = Session?.PythonVersion,
            Timings = new GradeTimings(elapsed.TotalMilliseconds, 0, Session?.StartTime?.TotalMilliseconds, LoadTime?.TotalMilliseconds, TestsTime.TotalMilliseconds),
        };
    }

    private string? SourceLine(int line)
    {
        _lines ??= Encoding.UTF8.GetString(source.Bytes.Span).Split('\n');
        return line >= 0 && line < _lines.Length ? _lines[line].TrimEnd('\r') : null;
    }

    private static ErrorInfo? Error(PythonError? error) => error is null
        ? null
        : new ErrorInfo(ExceptionNames.Display(error.Type), error.Message,
            [.. error.Traceback.SelectMany(f => f.Lines())], error.Line);
}
