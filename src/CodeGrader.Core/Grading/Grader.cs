using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using CodeGrader.Core.Comparison;
using CodeGrader.Core.Diagnostics;
using CodeGrader.Core.Exercises;
using CodeGrader.Core.Execution;
using CodeGrader.Core.Reports;
using CodeGrader.Core.Restrictions;
using CodeGrader.Python;

namespace CodeGrader.Core.Grading;

/// <summary>
/// Grades one submission against a prepared exercise: restrictions first (statically), then one fresh worker that
/// loads the submission and runs every test in order, a fresh worker again after a hard kill, each result judged
/// by the host. Returns the immutable <see cref="GradeReport"/>; never throws for anything the submission does.
/// </summary>
public sealed class Grader(GradingOptions options)
{
    public GradingOptions Options => options;

    /// <summary>Loads nothing: the exercise must be prepared (<see cref="ExercisePreparer"/>).</summary>
    public async Task<GradeReport> GradeAsync(PreparedExercise prepared, SubmissionSource source, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var exercise = prepared.Exercise;
        var report = new ReportBuilder(exercise, source, options.Confinement);
        if (options.CheckRestrictions)
        {
            var broken = RestrictionChecker.Check(source.Bytes.Span, source.FileName, exercise.Restrictions);
            if (!broken.IsEmpty)
            {
                return await report.NotRunAsync(Verdict.CompileError, $"the submission breaks the exercise's restrictions ({broken.Length} problem{(broken.Length > 1 ? "s" : "")})",
                    broken, null, clock.Elapsed).ConfigureAwait(false);
            }
        }
        var mode = exercise.Kind == ExerciseKind.Program ? SourceMode.Program : SourceMode.Module;
        await using var session = new WorkerSession(options.ForCandidate(exercise.Limits), new LoadRequest(source, mode, exercise.Entry));
        LoadResult load;
        try
        {
            load = await session.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (WorkerStartException e)
        {
            return await report.NotRunAsync(Verdict.InternalError, $"the worker did not start: {e.Message}", [], null, clock.Elapsed).ConfigureAwait(false);
        }
        report.Session = session;
        report.LoadTime = load.HostTime;
        if (!load.Succeeded)
        {
            var verdict = VerdictRules.ForLoad(load.Status);
            var message = verdict == Verdict.CompileError
                ? "the submission does not compile"
                : $"the submission failed while being imported: {RunDescriptions.Describe(load)}";
            return await report.NotRunAsync(verdict, message, load.Diagnostics, load.Error?.TrimmedTo(source.FileName), clock.Elapsed).ConfigureAwait(false);
        }
        CustomChecker? checker = null;
        try
        {
            if (exercise.CheckerPath is { } path)
                checker = await CustomChecker.StartAsync(path, options.Worker, options.TrustedTimeLimit, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidOperationException or WorkerStartException)
        {
            return await report.NotRunAsync(Verdict.InternalError, $"the exercise's checker could not start: {e.Message}", [], null, clock.Elapsed).ConfigureAwait(false);
        }
        await using (checker)
        {
            var judge = new TestJudge(prepared.Expected, checker, exercise.Limits.Time);
            string? fault = null;
            var testsClock = Stopwatch.StartNew();
            foreach (var test in exercise.Tests)
            {
                var run = await session.RunAsync(TestRequests.For(test), cancellationToken).ConfigureAwait(false);
                if (run.Result is not { } result)
                {
                    report.RemainingNotRun(test.Index, $"not run: a fresh worker could not load the submission again ({RunDescriptions.Describe(run.ReloadFailure!)})");
                    break;
                }
                var judgement = await judge.JudgeAsync(test, result, cancellationToken).ConfigureAwait(false);
                fault ??= judgement.Fault is { } f ? $"test '{test.Name}': {f}" : null;
                report.Add(test, result, judgement);
            }
            report.TestsTime = testsClock.Elapsed;
            return await report.FinishAsync(fault, clock.Elapsed).ConfigureAwait(false);
        }
    }

    /// <summary>Collects one submission's results and builds the report.</summary>
    private sealed class ReportBuilder(Exercise exercise, SubmissionSource source, IWorkerConfinement confinement)
    {
        private readonly ImmutableArray<TestResult>.Builder _tests = ImmutableArray.CreateBuilder<TestResult>();
        private string[]? _lines;

        public WorkerSession? Session { get; set; }
        public TimeSpan? LoadTime { get; set; }
        public TimeSpan TestsTime { get; set; }

        public void Add(ExerciseTest test, TestRunResult result, Judgement judgement) => _tests.Add(new TestResult
        {
            Name = test.Name,
            Sample = test.Sample,
            Weight = test.Weight,
            Status = judgement.Status,
            TimeMs = result.HostTime.TotalMilliseconds,
            Message = judgement.Message,
            Call = exercise.Kind == ExerciseKind.Program ? null : test.Describe(),
            Stdin = exercise.Kind == ExerciseKind.Program ? test.Stdin : null,
            Expected = judgement.Expected,
            Actual = judgement.Actual,
            Diff = judgement.Diff,
            Stdout = result.Stdout,
            Stderr = result.Stderr + (result.End is { Stderr.Length: > 0 } end ? end.Stderr : ""),
            Error = Error(result.Error),
        });

        public void RemainingNotRun(int from, string message)
        {
            foreach (var test in exercise.Tests.Skip(from)) _tests.Add(NotRunResult(test, message));
        }

        public async Task<GradeReport> NotRunAsync(Verdict verdict, string message, ImmutableArray<Diagnostic> diagnostics, PythonError? error, TimeSpan elapsed)
        {
            _tests.Clear();
            RemainingNotRun(0, "not run: " + message);
            await RetireWorkersAsync().ConfigureAwait(false);
            return Build(verdict, message, diagnostics, Error(error), elapsed);
        }

        /// <summary>Ends the session's worker first, so its peak memory is known.</summary>
        private async Task RetireWorkersAsync()
        {
            if (Session is not null) await Session.DisposeAsync().ConfigureAwait(false);
        }

        public async Task<GradeReport> FinishAsync(string? fault, TimeSpan elapsed)
        {
            await RetireWorkersAsync().ConfigureAwait(false);
            var tests = _tests.ToImmutable();
            var verdict = fault is not null ? Verdict.InternalError : VerdictRules.ForTests(tests.Select(t => t.Status));
            var first = tests.FirstOrDefault(t => t.Status != TestStatus.Passed);
            var message = fault is not null
                ? $"internal error: the exercise failed while judging {fault}"
                : first is null
                    ? string.Create(CultureInfo.InvariantCulture, $"all {tests.Length} tests passed")
                    : $"{VerdictRules.Describe(first.Status)} on test '{first.Name}'" + (first.Message is { } m && m != VerdictRules.Describe(first.Status) ? $": {m}" : "");
            return Build(verdict, message, [], null, elapsed);
        }

        private static TestResult NotRunResult(ExerciseTest test, string message) => new()
        {
            Name = test.Name,
            Sample = test.Sample,
            Weight = test.Weight,
            Status = TestStatus.NotRun,
            Message = message,
            Call = test.Call ?? (test.Steps.IsEmpty ? null : test.Describe()),
            Stdin = test.Stdin,
        };

        private GradeReport Build(Verdict verdict, string message, ImmutableArray<Diagnostic> diagnostics, ErrorInfo? error, TimeSpan elapsed)
        {
            var tests = _tests.ToImmutable();
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
            : new ErrorInfo(ExceptionMatcher.Display(error.Type), error.Message,
                [.. error.Traceback.Select(f => string.Create(CultureInfo.InvariantCulture, $"File \"{f.File}\", line {f.Line}, in {f.Function}"))], error.Line);
    }
}
