using System.Diagnostics;
using CodeGrader.Core.Comparison;
using CodeGrader.Core.Exercises;
using CodeGrader.Core.Execution;
using CodeGrader.Core.InHost;
using CodeGrader.Core.Reports;
using CodeGrader.Core.Restrictions;
using CodeGrader.Core.Results;

namespace CodeGrader.Core.Grading;

/// <summary>
/// Grades one submission against a prepared exercise: restrictions first (statically), then one fresh worker that
/// loads the submission and runs every sample test and then every hidden one, a fresh worker again after a hard kill,
/// each result judged by the host. Returns the immutable <see cref="GradeReport"/>, tests in file order; never throws
/// for anything the submission does.
/// </summary>
/// <remarks>
/// Samples run first because the candidate sees a sample test in full (its output, its value, the worker's stderr if
/// it dies then): a submission that kept a hidden test's arguments could show them through any sample run after it.
/// For the same reason no hidden request is written before every sample's answer is in (<see cref="TestRun"/>).
/// </remarks>
internal sealed class Grader(GradingOptions options)
{
    public GradingOptions Options => options;

    /// <summary>Loads nothing: the exercise must be prepared (<see cref="ExercisePreparer"/>).</summary>
    public Task<GradeReport> GradeAsync(PreparedExercise prepared, SubmissionSource source, CancellationToken cancellationToken = default) =>
        GradeAsync(prepared, source, null, cancellationToken);

    /// <summary>Grades, telling <paramref name="events"/> as each test starts and finishes.</summary>
    public Task<GradeReport> GradeAsync(PreparedExercise prepared, SubmissionSource source, Action<GradingEvent>? events, CancellationToken cancellationToken = default) =>
        GradeAsync(prepared, source, events, null, cancellationToken);

    /// <summary>
    /// Grades, calling <paramref name="retiring"/> once the submission will run nothing more (its worker is being
    /// retired: killed, reaped and measured, before the report is built), or not at all when it ran nothing.
    /// </summary>
    public async Task<GradeReport> GradeAsync(PreparedExercise prepared, SubmissionSource source, Action<GradingEvent>? events, Action? retiring, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var exercise = prepared.Exercise;
        var report = new GradeReportBuilder(exercise, source, options.Confinement) { Retiring = retiring };
        if (options.CheckRestrictions)
        {
            var broken = RestrictionChecker.Check(source.Bytes.Span, source.FileName, exercise.Restrictions, options.Worker.Python);
            if (!broken.IsEmpty)
            {
                return await report.NotRunAsync(Verdict.CompileError, $"the submission breaks the exercise's restrictions ({broken.Length} problem{(broken.Length > 1 ? "s" : "")})",
                    broken, null, clock.Elapsed).ConfigureAwait(false);
            }
        }
        var mode = exercise.Kind == ExerciseKind.Program ? SourceMode.Program : SourceMode.Module;
        var workers = options.ForCandidate(exercise.Limits);
        // The restrictions again at run time (the reference, graded without them, is not restricted).
        var restricted = options.CheckRestrictions ? exercise.Restrictions : ExerciseRestrictions.None;
        var request = new LoadRequest(source, mode, exercise.Entry, restricted.ForbidImports, restricted.ForbidNames);
        await using var session = new WorkerSession(workers, request, options.WorkerSources.For(workers));
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
            var budget = options.TotalTime ?? exercise.Limits.TotalFor(exercise.Tests.Length);
            using var python = prepared.PythonTestsText is { } text
                ? new PythonTestSession(HostPython.For(options.Worker.Python), text, exercise.Entry!, session, options.TrustedTimeLimit)
                : null;
            var run = new TestRun(report, judge, session, python, budget, options.TestsInFlight, events, source.FileName);
            await run.RunAsync([.. RunOrder(prepared)], cancellationToken).ConfigureAwait(false);
            report.TestsTime = run.Elapsed;
            return await report.FinishAsync(run.Fault, clock.Elapsed).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Sample tests, then hidden ones; in each group the cheapest first by the reference's time (in bands four times
    /// as wide as the one before, from 4 ms, so that noise does not reorder tests of about the same cost), then in file
    /// order. A solution slow only on big inputs gets its small tests graded before its time budget is spent.
    /// </summary>
    internal static IEnumerable<ExerciseTest> RunOrder(PreparedExercise prepared)
    {
        var tests = prepared.Exercise.Tests;
        int Band(ExerciseTest test) => prepared.ReferenceTimes.TryGetValue(test.Index, out var time)
            ? time.TotalMilliseconds < 4 ? 0 : 1 + (int)Math.Floor(Math.Log(time.TotalMilliseconds / 4, 4))
            : int.MaxValue;
        return tests.Where(t => t.Sample).OrderBy(Band).ThenBy(t => t.Index)
            .Concat(tests.Where(t => !t.Sample).OrderBy(Band).ThenBy(t => t.Index));
    }
}
