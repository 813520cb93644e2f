using System.Text;
using CodeGrader.Core.Results;
using CodeGrader.Core.Exercises;
using CodeGrader.Core.Execution;
using CodeGrader.Core.Grading;
using CodeGrader.Core.Reports;
using CodeGrader.Core.Tests.TestSupport;

namespace CodeGrader.Core.Tests.Grading;

/// <summary>
/// A submission's tests share one total time budget: once it is spent the rest are not run, and say why. Tests run
/// cheapest first (by the reference's time), samples before hidden ones, and the report keeps the file's order.
/// </summary>
public sealed class TimeBudgetTests
{
    /// <summary>Hidden tests in file order: the expensive ones first, then the cheap ones; one sample last.</summary>
    private static string Yaml(string limits, int big = 4, int small = 4)
    {
        var yaml = new StringBuilder($"title: Total\nentry: total\nstatement: statement.md\nreference: reference.py\nlimits: {limits}\ntests:\n");
        for (var i = 0; i < big; i++) yaml.Append($"  - name: big {i}\n    call: total(5_000_000 + {i})\n");
        for (var i = 0; i < small; i++) yaml.Append($"  - name: small {i}\n    call: total({10 + i})\n");
        yaml.Append("  - name: sample\n    sample: true\n    call: total(3)\n");
        return yaml.ToString();
    }

    private const string Reference = "def total(n):\n    return sum(range(n))\n";

    private static async Task<GradeReport> GradeAsync(string yaml, string submission, GradingOptions? options = null)
    {
        using var folder = new TempExercise(yaml, Reference);
        var prepared = await Graders.PrepareAsync(folder.Directory);
        return await new Grader(options ?? Graders.Options).GradeAsync(prepared, SubmissionSource.FromText("solution.py", submission));
    }

    [Fact]
    public async Task A_submission_that_loops_on_every_call_ends_within_its_budget_with_the_rest_not_run()
    {
        var report = await GradeAsync(Yaml("{ time: 300ms, total: 1s }", big: 0, small: 12), "def total(n):\n    while True:\n        pass\n");
        report.Verdict.ShouldBe(Verdict.TimeLimitExceeded);
        var timedOut = report.Tests.Count(t => t.Status == TestStatus.Timeout);
        // 1 s of budget, 300 ms a test: a test starts while any budget is left, so at most 4 time out (not all 13).
        timedOut.ShouldBeInRange(1, 4);
        report.Tests.ShouldAllBe(t => t.Status == TestStatus.Timeout || t.Status == TestStatus.NotRun);
        var notRun = report.Tests.Where(t => t.Status == TestStatus.NotRun).ToList();
        notRun.Count.ShouldBe(13 - timedOut);
        notRun.ShouldAllBe(t => t.Message!.Contains("total time budget of 1s was spent", StringComparison.Ordinal));
        report.Tests[^1].Status.ShouldBe(TestStatus.Timeout, "the sample runs first");
    }

    [Fact]
    public async Task A_solution_slow_only_on_big_inputs_passes_its_small_tests_and_the_report_keeps_the_file_order()
    {
        // The reference needs tens of milliseconds on a big test and well under one on a small one.
        var report = await GradeAsync(Yaml("{ time: 1s, total: 2500ms }"), "def total(n):\n    while n > 1000:\n        pass\n    return sum(range(n))\n");
        report.Tests.Select(t => t.Name).ShouldBe(["big 0", "big 1", "big 2", "big 3", "small 0", "small 1", "small 2", "small 3", "sample"]);
        report.Tests.Where(t => t.Name.StartsWith("small", StringComparison.Ordinal)).ShouldAllBe(t => t.Status == TestStatus.Passed);
        report.Tests[^1].Status.ShouldBe(TestStatus.Passed);
        report.Tests.Where(t => t.Name.StartsWith("big", StringComparison.Ordinal)).ShouldAllBe(t => t.Status == TestStatus.Timeout || t.Status == TestStatus.NotRun);
        report.Verdict.ShouldBe(Verdict.TimeLimitExceeded);
        report.Score.ShouldBe(Math.Round(500.0 / 9, 2));
    }

    [Fact]
    public async Task A_run_may_set_its_own_budget_and_the_first_test_always_runs()
    {
        var options = Graders.Options with { TotalTime = TimeSpan.FromMilliseconds(1) };
        var report = await GradeAsync(Yaml("{ time: 300ms }", big: 0, small: 2), "def total(n):\n    while True:\n        pass\n", options);
        report.Tests.Count(t => t.Status == TestStatus.Timeout).ShouldBe(1);
        report.Tests.Count(t => t.Status == TestStatus.NotRun).ShouldBe(2);
        report.Tests.First(t => t.Status == TestStatus.NotRun).Message.ShouldNotBeNull().ShouldContain("budget of 1ms");
    }

    [Fact]
    public void The_default_budget_is_every_limit_and_a_second_for_each_test_capped_at_ten_limits_and_at_least_20_seconds()
    {
        var twoSeconds = ExerciseLimits.Default;
        twoSeconds.TotalFor(5).ShouldBe(TimeSpan.FromSeconds(15));
        twoSeconds.TotalFor(22).ShouldBe(TimeSpan.FromSeconds(20));
        (twoSeconds with { Time = TimeSpan.FromMilliseconds(500) }).TotalFor(100).ShouldBe(TimeSpan.FromSeconds(20));
        (twoSeconds with { Time = TimeSpan.FromSeconds(5) }).TotalFor(100).ShouldBe(TimeSpan.FromSeconds(50));
        (twoSeconds with { Total = TimeSpan.FromSeconds(7) }).TotalFor(100).ShouldBe(TimeSpan.FromSeconds(7));
    }

    [Fact]
    public async Task A_correct_submission_is_not_held_back_by_the_budget()
    {
        var report = await GradeAsync(Yaml("{ time: 2s }"), Reference);
        report.Verdict.ShouldBe(Verdict.Accepted, report.Message);
    }
}
