using System.Text.Json;
using System.Xml.Linq;
using CodeGrader.Core.Batch;
using CodeGrader.Core.Engine;
using CodeGrader.Core.Grading;
using CodeGrader.Core.Reports;
using CodeGrader.Core.Tests.TestSupport;
using CodeGrader.Core.Results;

namespace CodeGrader.Core.Tests.Batch;

public sealed class BatchRunnerTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(120);
    private readonly BatchFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private async Task<BatchRun> RunAsync(bool resume = false, IProgress<BatchProgress>? progress = null, ReportView view = ReportView.Author, CancellationToken cancellation = default)
    {
        var items = SubmissionSet.Expand(_folder.Submissions, _folder.Exercise.Directory);
        var options = new BatchOptions { Jobs = 2, OutputDirectory = _folder.Output, Resume = resume, View = view };
        return await new BatchRunner(Graders.Engine, options)
            .RunAsync(items, progress, cancellation)
            .WaitAsync(Bound, CancellationToken.None);
    }

    private void AddMix(int correct, int wrong, int raising)
    {
        for (var i = 0; i < correct; i++) _folder.Add($"correct-{i:00}.py", BatchFolder.Correct + $"# {i}\n");
        for (var i = 0; i < wrong; i++) _folder.Add($"wrong-{i:00}.py", BatchFolder.Wrong + $"# {i}\n");
        for (var i = 0; i < raising; i++) _folder.Add($"raising-{i:00}.py", BatchFolder.Raising + $"# {i}\n");
    }

    private List<JsonElement> Results() =>
        [.. ResultsLog.Lines(_folder.OutputFile(ResultsLog.FileName)).Select(l => JsonDocument.Parse(l.Line).RootElement.Clone())];

    [Fact]
    public async Task Every_submission_is_graded_once_and_streamed_as_one_json_line()
    {
        AddMix(correct: 3, wrong: 2, raising: 1);
        var run = await RunAsync();
        run.Graded.ShouldBe(6);
        run.Interrupted.ShouldBeFalse();
        var results = Results();
        results.Count.ShouldBe(6);
        results.Select(r => r.GetProperty("key").GetString()).Distinct().Count().ShouldBe(6);
        results.Count(r => r.GetProperty("verdict").GetString() == "accepted").ShouldBe(3);
        results.Count(r => r.GetProperty("verdict").GetString() == "wrong_answer").ShouldBe(2);
        results.Count(r => r.GetProperty("verdict").GetString() == "runtime_error").ShouldBe(1);
    }

    [Fact]
    public async Task A_submission_the_host_fails_on_gets_an_internal_error_line_and_every_other_one_is_graded()
    {
        AddMix(correct: 3, wrong: 2, raising: 1);
        await using var engine = new GradingEngine(Graders.Engine.Options)
        {
            GradingFault = job => _ = job.Submission.FileName == "wrong-01.py" ? throw new IOException("the disk went away") : 0,
        };
        var items = SubmissionSet.Expand(_folder.Submissions, _folder.Exercise.Directory);

        var run = await new BatchRunner(engine, new BatchOptions { Jobs = 2, OutputDirectory = _folder.Output })
            .RunAsync(items, null, CancellationToken.None).WaitAsync(Bound);

        run.Graded.ShouldBe(6);
        run.Interrupted.ShouldBeFalse();
        var results = Results().ToDictionary(r => Path.GetFileName(r.GetProperty("path").GetString()!), r => r);
        results.Count.ShouldBe(6);
        var failed = results["wrong-01.py"];
        failed.GetProperty("verdict").GetString().ShouldBe("internal_error");
        failed.GetProperty("score").GetDouble().ShouldBe(0);
        failed.GetProperty("message").GetString()!.ShouldContain("the grader failed on this submission (IOException");
        failed.GetProperty("message").GetString()!.ShouldNotContain("the disk went away", customMessage: "the exception's message is for the log");
        failed.GetProperty("tests").EnumerateArray().Select(t => t.GetProperty("status").GetString()).ShouldAllBe(s => s == "not_run");
        results.Where(r => r.Key != "wrong-01.py").Select(r => r.Value.GetProperty("verdict").GetString()).Order()
            .ShouldBe(["accepted", "accepted", "accepted", "runtime_error", "wrong_answer"]);
    }

    [Fact]
    public async Task A_resumed_batch_grades_again_what_the_host_failed_on_and_keeps_one_line_per_submission()
    {
        AddMix(correct: 3, wrong: 2, raising: 1);
        var items = SubmissionSet.Expand(_folder.Submissions, _folder.Exercise.Directory);
        await using (var failing = new GradingEngine(Graders.Engine.Options)
        {
            GradingFault = job => _ = job.Submission.FileName == "correct-01.py" ? throw new IOException("the disk went away") : 0,
        })
        {
            await new BatchRunner(failing, new BatchOptions { Jobs = 2, OutputDirectory = _folder.Output })
                .RunAsync(items, null, CancellationToken.None).WaitAsync(Bound);
        }
        Results().Single(r => r.TryGetProperty("retry", out _)).GetProperty("path").GetString()!.ShouldEndWith("correct-01.py");

        var resumed = await RunAsync(resume: true);

        resumed.AlreadyDone.ShouldBe(5);
        resumed.Graded.ShouldBe(1);
        var results = Results();
        results.Select(r => r.GetProperty("key").GetString()).Distinct().Count().ShouldBe(6);
        results.Count.ShouldBe(6, "the failed line is gone, not kept beside its new one");
        results.Any(r => r.TryGetProperty("retry", out _)).ShouldBeFalse();
        results.Single(r => r.GetProperty("path").GetString()!.EndsWith("correct-01.py", StringComparison.Ordinal))
            .GetProperty("verdict").GetString().ShouldBe("accepted");
    }

    [Fact]
    public async Task The_documents_list_the_submissions_in_the_order_of_the_results_log()
    {
        // The log is in completion order (two jobs at once), not by name: every document follows the log.
        AddMix(correct: 12, wrong: 6, raising: 3);
        await RunAsync();

        var logged = Results().Select(r => r.GetProperty("submission").GetString()).ToList();
        logged.Count.ShouldBe(21);
        using var report = JsonDocument.Parse(File.ReadAllText(_folder.OutputFile(BatchDocuments.ReportFile)));
        report.RootElement.GetProperty("submissions").EnumerateArray().Select(s => s.GetProperty("submission").GetString()).ShouldBe(logged);
        File.ReadAllLines(_folder.OutputFile(BatchDocuments.CsvFile)).Skip(1).Select(row => row.Split(',')[0]).ShouldBe(logged);
        XDocument.Load(_folder.OutputFile(BatchDocuments.JUnitFile)).Root!.Elements("testsuite")
            .Select(suite => ((string)suite.Attribute("name")!).Split(": ", 2)[1]).ShouldBe(logged);
    }

    [Fact]
    public async Task The_documents_are_projections_of_the_results_log()
    {
        AddMix(correct: 2, wrong: 2, raising: 1);
        var summary = (await RunAsync()).Summary;

        summary.Submissions.ShouldBe(5);
        summary.Verdicts.ShouldContain(new KeyValuePair<string, int>("accepted", 2));
        summary.CatchingTests.First().Caught.ShouldBe(3); // every wrong and raising submission fails the first failing test
        summary.Slowest.Length.ShouldBe(5);

        using var report = JsonDocument.Parse(File.ReadAllText(_folder.OutputFile(BatchDocuments.ReportFile)));
        report.RootElement.GetProperty("schema").GetString().ShouldBe("codegrader/batch@1");
        report.RootElement.GetProperty("submissions").GetArrayLength().ShouldBe(5);
        report.RootElement.GetProperty("summary").GetProperty("submissions").GetInt32().ShouldBe(5);

        var junit = XDocument.Load(_folder.OutputFile(BatchDocuments.JUnitFile));
        var suites = junit.Root!.Elements("testsuite").ToList();
        suites.Count.ShouldBe(5);
        ((int)junit.Root.Attribute("tests")!).ShouldBe(suites.Sum(s => (int)s.Attribute("tests")!));
        ((int)junit.Root.Attribute("failures")!).ShouldBe(2 * 3); // each wrong submission fails all three tests
        ((int)junit.Root.Attribute("errors")!).ShouldBe(3);

        var csv = File.ReadAllLines(_folder.OutputFile(BatchDocuments.CsvFile));
        csv.Length.ShouldBe(6);
        csv[0].ShouldStartWith("submission,exercise,verdict,score");
        Directory.EnumerateFiles(_folder.Output, "*.tmp").ShouldBeEmpty();
    }

    [Fact]
    public async Task The_documents_a_batch_writes_as_it_goes_are_those_its_results_log_makes_afterwards()
    {
        AddMix(correct: 3, wrong: 2, raising: 2);
        await RunAsync();
        string[] documents = [BatchDocuments.ReportFile, BatchDocuments.JUnitFile, BatchDocuments.CsvFile, BatchDocuments.SummaryFile];
        var written = documents.Select(d => File.ReadAllText(_folder.OutputFile(d))).ToList();

        BatchDocuments.Write(_folder.Output);

        documents.Select(d => File.ReadAllText(_folder.OutputFile(d))).ShouldBe(written);
    }

    [Fact]
    public async Task A_resumed_batch_s_documents_hold_the_earlier_run_s_reports_and_its_own()
    {
        AddMix(correct: 2, wrong: 1, raising: 0);
        await RunAsync();
        _folder.Add("late.py", BatchFolder.Correct);

        var resumed = await RunAsync(resume: true);

        resumed.Graded.ShouldBe(1);
        resumed.Summary.Submissions.ShouldBe(4);
        using var report = JsonDocument.Parse(File.ReadAllText(_folder.OutputFile(BatchDocuments.ReportFile)));
        report.RootElement.GetProperty("submissions").EnumerateArray().Select(s => s.GetProperty("submission").GetString())
            .ShouldBe(Results().Select(r => r.GetProperty("submission").GetString()));
        File.ReadAllLines(_folder.OutputFile(BatchDocuments.CsvFile)).Length.ShouldBe(5);
    }

    [Fact]
    public async Task Progress_says_the_exercise_is_prepared_before_any_submission_is_graded()
    {
        AddMix(correct: 2, wrong: 1, raising: 0);
        var reports = new List<BatchProgress>();
        await RunAsync(progress: new SyncProgress(reports.Add));
        reports[0].ShouldSatisfyAllConditions(
            () => reports[0].Exercises.ShouldBe(1),
            () => reports[0].ExercisesPrepared.ShouldBe(0),
            () => reports[0].Done.ShouldBe(0));
        var prepared = reports.FindIndex(p => p.ExercisesPrepared == 1);
        prepared.ShouldBeGreaterThan(0);
        reports[prepared].Done.ShouldBe(0);
        reports.FindIndex(p => p.Done > 0).ShouldBeGreaterThan(prepared);
        reports[^1].Done.ShouldBe(3);
        var line = JsonDocument.Parse(File.ReadAllLines(_folder.OutputFile("exercises.jsonl")).ShouldHaveSingleItem()).RootElement;
        line.GetProperty("exercise").GetString().ShouldBe(_folder.Exercise.Directory);
        line.GetProperty("valid").GetBoolean().ShouldBeTrue();
        line.GetProperty("prepare_ms").GetDouble().ShouldBeGreaterThanOrEqualTo(0);
    }

    [Fact]
    public async Task An_interrupted_batch_resumes_with_only_the_missing_submissions_and_nothing_twice()
    {
        AddMix(correct: 6, wrong: 2, raising: 0);
        using var stop = new CancellationTokenSource();
        var progress = new SyncProgress(p =>
        {
            if (p.Done >= 3) stop.Cancel();
        });
        var first = await RunAsync(progress: progress, cancellation: stop.Token);
        first.Interrupted.ShouldBeTrue();
        var written = Results().Count;
        written.ShouldBeInRange(3, 7);

        var second = await RunAsync(resume: true);
        second.Interrupted.ShouldBeFalse();
        second.AlreadyDone.ShouldBe(written);
        second.Graded.ShouldBe(8 - written);
        var keys = Results().Select(r => r.GetProperty("key").GetString()).ToList();
        keys.Count.ShouldBe(8);
        keys.Distinct().Count().ShouldBe(8);
    }

    [Fact]
    public async Task A_submission_that_changed_since_the_interrupted_run_is_graded_again()
    {
        var path = _folder.Add("only.py", BatchFolder.Wrong);
        (await RunAsync()).Graded.ShouldBe(1);
        File.WriteAllText(path, BatchFolder.Correct);
        var resumed = await RunAsync(resume: true);
        resumed.AlreadyDone.ShouldBe(0);
        resumed.Graded.ShouldBe(1);
        Results().Select(r => r.GetProperty("verdict").GetString()).ShouldBe(["wrong_answer", "accepted"]);
    }

    [Fact]
    public async Task The_candidate_view_keeps_hidden_tests_out_of_every_batch_output()
    {
        _folder.Add("wrong.py", BatchFolder.Wrong);
        await RunAsync(view: ReportView.Candidate);
        foreach (var file in new[] { ResultsLog.FileName, BatchDocuments.ReportFile, BatchDocuments.JUnitFile, BatchDocuments.CsvFile })
        {
            var text = File.ReadAllText(_folder.OutputFile(file));
            text.ShouldNotContain("add(-5000", customMessage: file);   // a hidden call
            text.ShouldNotContain("-4997", customMessage: file);       // its expected value
            text.ShouldNotContain("-5003", customMessage: file);       // the wrong submission's actual value
            text.ShouldNotContain("100000000000000000001", customMessage: file);
        }
    }

    /// <summary>Reports progress on the calling thread (Progress&lt;T&gt; would post to the thread pool, too late to stop the run).</summary>
    private sealed class SyncProgress(Action<BatchProgress> report) : IProgress<BatchProgress>
    {
        public void Report(BatchProgress value) => report(value);
    }
}
