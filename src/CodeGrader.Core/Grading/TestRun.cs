using System.Diagnostics;
using CodeGrader.Core.Exercises;
using CodeGrader.Core.Execution;
using CodeGrader.Core.Results;

namespace CodeGrader.Core.Grading;

/// <summary>
/// Runs a loaded submission's tests in their run order (<see cref="Grader.RunOrder"/>), judges each and adds it to the
/// report, under the submission's time budget. Consecutive call and program tests of one kind (all samples, or all
/// hidden) run through a <see cref="TestPipeline"/> with several requests in flight, judged while the worker runs the
/// next ones; tests written in Python run one call at a time (each call depends on the last answer).
/// </summary>
/// <remarks>
/// A pipelined run never mixes samples and hidden tests: every sample's answer is in before the first hidden request is
/// written, so no hidden test's arguments are ever in the channel while a sample (which the candidate sees in full) runs.
/// </remarks>
internal sealed class TestRun(GradeReportBuilder report, TestJudge judge, WorkerSession session, PythonTestSession? python,
    TimeSpan budget, int testsInFlight, Action<GradingEvent>? events, string submission)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _ran;
    private int _timedOut;

    /// <summary>The first fault of the exercise's own code (a checker, a test written in Python), if any.</summary>
    public string? Fault { get; private set; }

    public TimeSpan Elapsed => _clock.Elapsed;

    public async Task RunAsync(IReadOnlyList<ExerciseTest> order, CancellationToken cancellationToken)
    {
        for (var i = 0; i < order.Count;)
        {
            var end = i + 1;
            if (order[i].PythonTest is null)
            {
                while (end < order.Count && order[end].PythonTest is null && order[end].Sample == order[i].Sample) end++;
            }
            var goOn = order[i].PythonTest is null
                ? await RunPipelinedAsync([.. order.Skip(i).Take(end - i)], cancellationToken).ConfigureAwait(false)
                : await RunPythonTestAsync(order[i], cancellationToken).ConfigureAwait(false);
            if (!goOn) return;
            i = end;
        }
    }

    /// <summary>The first test always runs, and a test that starts gets its full limit; once the budget is spent, no other test starts.</summary>
    private bool MayStart(int testsStarted) => testsStarted == 0 || _clock.Elapsed < budget;

    private async Task<bool> RunPythonTestAsync(ExerciseTest test, CancellationToken cancellationToken)
    {
        if (!MayStart(_ran))
        {
            report.BudgetSpent(budget, _ran, _timedOut);
            return false;
        }
        Started(test);
        var (run, judged) = await python!.RunAsync(test, cancellationToken).ConfigureAwait(false);
        Fault ??= judged.Fault;
        Finished(test, report.Add(test, run, judged), judged.Status);
        return true;
    }

    /// <summary>
    /// Runs tests through the pipeline; false when the run ends here. When the budget is found spent as a test's clock
    /// would start, the worker is killed and that test is reported as not run, like the rest; its request was already in
    /// the worker, which may have begun it (nothing of it is kept).
    /// </summary>
    private async Task<bool> RunPipelinedAsync(IReadOnlyList<ExerciseTest> tests, CancellationToken cancellationToken)
    {
        var startedBefore = _ran;
        var requests = tests.Select(TestRequests.For).ToList();
        // With nobody to tell of each test and no checker, a step's work is a small judgement and a report entry: it runs
        // on the thread that read the answer (a big answer's judgement is moved off it below).
        var inline = events is null && !judge.HasChecker;
        var pipeline = new TestPipeline(session, testsInFlight, consumeOnProducer: inline);
        await foreach (var step in pipeline.RunAsync(requests, p => MayStart(startedBefore + p), cancellationToken).ConfigureAwait(false))
        {
            var test = tests[step.Position];
            if (step is TestClockStarted)
            {
                Started(test);
                continue;
            }
            var run = ((TestRan)step).Run;
            if (run.Result is not { } result)
            {
                report.RemainingNotRun($"not run: a fresh worker could not load the submission again ({RunDescriptions.Describe(run.ReloadFailure!)})");
                return false;
            }
            // A big answer (its JSON kept, compared with a cached file, maybe built) is judged on the thread pool: the
            // thread that read it reads the next answer, whose time runs until it does.
            if (inline && result.ValueJson is not null) await Task.Yield();
            var judgement = await judge.JudgeAsync(test, result, cancellationToken).ConfigureAwait(false);
            Fault ??= judgement.Fault is { } f ? $"test '{test.Name}': {f}" : null;
            Finished(test, report.Add(test, result, judgement), judgement.Status);
        }
        if (_ran - startedBefore < tests.Count)
        {
            report.BudgetSpent(budget, _ran, _timedOut);
            return false;
        }
        return true;
    }

    private void Started(ExerciseTest test)
    {
        _ran++;
        events?.Invoke(new TestStarted(test.Index, test.Name, test.Sample) { Submission = submission });
    }

    private void Finished(ExerciseTest test, TestResult result, TestStatus status)
    {
        if (status == TestStatus.Timeout) _timedOut++;
        events?.Invoke(new TestFinished(test.Index, result) { Submission = submission });
    }
}
