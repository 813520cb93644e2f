using System.Text;
using CodeGrader.Core.Execution;
using CodeGrader.Core.Grading;
using CodeGrader.Core.Reports;
using CodeGrader.Core.Results;
using CodeGrader.Core.Tests.TestSupport;

namespace CodeGrader.Core.Tests.Grading;

/// <summary>
/// Several test requests in flight on one worker (TestPipeline) change how fast a report comes, never what it says:
/// every way a test can end, in the middle of a window, gets the result it gets with one request at a time.
/// </summary>
public sealed class PipelinedGradingTests
{
    private const string Reference = "def f(n):\n    return n * 2\n";

    /// <summary>Passes everything but the numbers below, each a way to end in the middle of a window of passing tests.</summary>
    private const string Mixed = """
        import os


        def f(n):
            if n == 5:
                return -1                       # wrong answer
            if n == 7:
                raise ValueError("seven")       # raises
            if n == 9:
                while True:                     # the soft interrupt stops it
                    pass
            if n == 12:
                while True:                     # swallows the interrupt: the host kills the worker
                    try:
                        while True:
                            pass
                    except BaseException:
                        pass
            if n == 15:
                os._exit(3)                     # the worker ends without answering
            if n == 18:
                os.write(1, b"x" * 100_000)     # floods the real stdout: killed at the output cap
            if n == 20:
                print("y" * 100_000)            # captured output over the cap
            print("ran", n)
            return n * 2
        """;

    /// <summary>The exercise; its default limit of 2 s leaves room on a busy machine: for the reference's first call (at
    /// 300 ms a loaded CI run once timed it out while the exercise was prepared), and for a passing call right after a
    /// time-out (at 1 s a CI run once saw f(10), after test 9's interrupt, killed at the hard deadline in the run one request
    /// at a time, though it returns at once; the tests that must time out loop for ever, so a longer limit changes nothing
    /// else).</summary>
    private static string Yaml(int tests, string limits = "{ time: 2s, output: 8KiB }")
    {
        var yaml = new StringBuilder($"title: Pipelined\nentry: f\nstatement: statement.md\nreference: reference.py\nlimits: {limits}\ntests:\n");
        yaml.Append("  - name: sample 1\n    sample: true\n    call: f(1)\n");
        for (var i = 2; i <= tests; i++) yaml.Append($"  - name: test {i}\n    call: f({i})\n");
        yaml.Append("  - name: sample 100\n    sample: true\n    call: f(100)\n");
        return yaml.ToString();
    }

    /// <summary>Grades with events (each step then handled on the thread pool) or without (on the thread that read it).</summary>
    private static async Task<(GradeReport Report, List<string> Events)> GradeAsync(PreparedExercise prepared, string source, int inFlight,
        bool withEvents = true)
    {
        var events = new List<string>();
        var options = Graders.Options with { TestsInFlight = inFlight };
        Action<GradingEvent>? listener = withEvents
            ? e => events.Add(e switch
            {
                TestStarted s => $"started {s.Index}",
                TestFinished f => $"finished {f.Index} {f.Result.Status}",
                _ => e.ToString(),
            })
            : null;
        var report = await new Grader(options).GradeAsync(prepared, SubmissionSource.FromText("solution.py", source), listener)
            .WaitAsync(TimeSpan.FromSeconds(120));
        return (report, events);
    }

    /// <summary>Everything a test's result says but its times.</summary>
    private static string[] Outcomes(GradeReport report) =>
    [
        $"{report.Verdict} {report.Score}",
        .. report.Tests.Select(t => string.Join(" | ", t.Name, t.Status, t.Message, t.Expected, t.Actual, t.Diff, t.Stdout, t.Stderr, t.Error?.Type, t.Error?.Message)),
    ];

    /// <summary>
    /// The window is topped up when down to half (one write for the run): an odd depth and the default; and without
    /// events, each step is handled on the thread that read the answer.
    /// </summary>
    [Theory]
    [InlineData(3, true)]
    [InlineData(16, true)]
    [InlineData(16, false)]
    public async Task Every_way_a_test_ends_mid_window_gives_the_report_one_request_at_a_time_gives(int inFlight, bool withEvents)
    {
        using var folder = new TempExercise(Yaml(24), Reference);
        var prepared = await Graders.PrepareAsync(folder.Directory);

        var (alone, aloneEvents) = await GradeAsync(prepared, Mixed, inFlight: 1, withEvents);
        var (pipelined, pipelinedEvents) = await GradeAsync(prepared, Mixed, inFlight, withEvents);

        var statuses = alone.Tests.ToDictionary(t => t.Name, t => t.Status);
        statuses["test 5"].ShouldBe(TestStatus.Failed);
        statuses["test 7"].ShouldBe(TestStatus.Error);
        statuses["test 9"].ShouldBe(TestStatus.Timeout);
        statuses["test 12"].ShouldBe(TestStatus.Timeout);
        statuses["test 15"].ShouldBe(TestStatus.Crashed);
        statuses["test 18"].ShouldBe(TestStatus.OutputLimit);
        statuses["test 20"].ShouldBe(TestStatus.OutputLimit);
        statuses["test 24"].ShouldBe(TestStatus.Passed, "the tests after each ending ran in a fresh worker");
        Outcomes(pipelined).ShouldBe(Outcomes(alone));
        pipelinedEvents.ShouldBe(aloneEvents, "the same events in the same order");
        pipelined.Tests.ShouldAllBe(t => t.TimeMs > 0, "every test has its own time on the host's clock");
    }

    [Fact]
    public async Task A_request_waiting_in_the_window_is_not_killed_for_the_time_the_tests_before_it_took()
    {
        // Each call takes 60% of its limit: a deadline counted from the request's write, not from the previous answer,
        // would kill the second of each run (the two samples, then the two hidden tests), written at once but started
        // one after the other. A full second to spare for a loaded machine: CI runs saw a call take 0.6 s longer than
        // its sleep (926 ms for 0.3 s, 1,145 ms for 0.6 s) with less.
        using var folder = new TempExercise(Yaml(3, "{ time: 2500ms }"), Reference);
        var prepared = await Graders.PrepareAsync(folder.Directory);
        const string Slow = "import time\n\n\ndef f(n):\n    time.sleep(1.5)\n    return n * 2\n";

        var (report, _) = await GradeAsync(prepared, Slow, inFlight: 16);

        report.Verdict.ShouldBe(Verdict.Accepted, ReportWriters.Render(report, ReportFormat.Text, ReportView.Author));
        report.Tests.ShouldAllBe(t => t.TimeMs > 0);
    }

    [Fact]
    public async Task The_budget_stops_a_window_at_the_first_answer_that_finds_it_spent()
    {
        using var folder = new TempExercise(Yaml(12, "{ time: 300ms, total: 1s }"), Reference);
        var prepared = await Graders.PrepareAsync(folder.Directory);
        const string Slow = "import time\n\n\ndef f(n):\n    time.sleep(0.25)\n    return n * 2\n";

        var (report, events) = await GradeAsync(prepared, Slow, inFlight: 16);

        var ran = report.Tests.Count(t => t.Status != TestStatus.NotRun);
        ran.ShouldBeInRange(1, report.Tests.Length - 1, ReportWriters.Render(report, ReportFormat.Text, ReportView.Author));
        report.Tests.Where(t => t.Status == TestStatus.NotRun).ShouldAllBe(t => t.Message!.Contains("total time budget"));
        events.Count(e => e.StartsWith("started", StringComparison.Ordinal)).ShouldBe(ran, "a test reported as not run was never announced");
    }
}
