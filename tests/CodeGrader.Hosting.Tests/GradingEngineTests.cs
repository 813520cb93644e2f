using CodeGrader.Core.Engine;
using CodeGrader.Core.Execution;
using CodeGrader.Core.Grading;
using CodeGrader.Core.Reports;
using CodeGrader.Core.Values;
using Microsoft.Extensions.DependencyInjection;
using CodeGrader.Core.Results;

namespace CodeGrader.Hosting.Tests;

/// <summary>The engine as an app embeds it: registered with AddCodeGrader, candidates' code in the real sandbox.</summary>
[Collection(OneAtATime.Name)]
public sealed class GradingEngineTests
{
    private static readonly string Correct = File.ReadAllText(Path.Combine(Embedding.Palindrome, "reference.py"));
    private const string Wrong = "def is_palindrome(text):\n    return text == text[::-1]\n";
    private const string Loops = "def is_palindrome(text):\n    while True:\n        pass\n";

    private static SubmissionSource Source(string text, string name = "solution.py") => SubmissionSource.FromText(name, text);

    [Fact]
    public async Task A_correct_solution_is_accepted_in_the_sandbox_and_nothing_is_left_once_the_engine_is_disposed()
    {
        GradeReport report;
        await using (var services = Embedding.Services())
        {
            report = await services.GetRequiredService<GradingEngine>().GradeAsync(Embedding.Palindrome, Source(Correct));
            await Descendants.ShouldBeAtMostTheZygoteAsync("between grades only the fork server's zygote (in its sandbox) is held");
        }

        report.Verdict.ShouldBe(Verdict.Accepted, report.Message);
        report.Score.ShouldBe(100);
        report.Sandbox.Confined.ShouldBeTrue(report.Sandbox.Description);
        await Descendants.ShouldBeNoneLeftAsync();
    }

    [Fact]
    public async Task Without_the_fork_server_a_grade_leaves_no_process_behind_even_while_the_engine_lives()
    {
        await using var services = Embedding.Services(new Dictionary<string, string?> { ["ForkServer"] = "false" });

        var report = await services.GetRequiredService<GradingEngine>().GradeAsync(Embedding.Palindrome, Source(Correct));

        report.Verdict.ShouldBe(Verdict.Accepted, report.Message);
        report.Sandbox.Confined.ShouldBeTrue(report.Sandbox.Description);
        await Descendants.ShouldBeNoneLeftAsync();
    }

    [Fact]
    public async Task With_spare_workers_started_ahead_no_submission_sees_what_an_earlier_one_left_behind()
    {
        await using (var services = Embedding.Services(new Dictionary<string, string?> { ["SpareWorkers"] = "1" }))
        {
            var engine = services.GetRequiredService<GradingEngine>();
            const string Leaves = "import builtins\nbuiltins.LEFT_BEHIND = True\n";
            const string Looks = "import builtins\nif hasattr(builtins, 'LEFT_BEHIND'):\n    raise SystemExit('an earlier submission ran here')\n";
            for (var i = 0; i < 3; i++)
            {
                (await engine.GradeAsync(Embedding.Palindrome, Source(Leaves + Correct))).Verdict.ShouldBe(Verdict.Accepted);
                var report = await engine.GradeAsync(Embedding.Palindrome, Source(Looks + Correct));
                report.Verdict.ShouldBe(Verdict.Accepted, report.Message);
                report.Sandbox.Confined.ShouldBeTrue();
            }
        }
        await Descendants.ShouldBeNoneLeftAsync(); // the spare waiting when the engine went was stopped with it
    }

    [Fact]
    public async Task Tests_in_flight_set_to_one_leaves_no_later_call_waiting_where_the_submission_can_see_it()
    {
        // Each call waits a moment, then counts the bytes waiting on its request channel (descriptor 3) without reading
        // them (FIONREAD), and prints the count, which the author's report shows for every test.
        var peeks = "import fcntl, time, array\n" +
            "def _waiting():\n    time.sleep(0.05)\n    n = array.array('i', [0])\n    fcntl.ioctl(3, 0x541B, n, True)\n    print('waiting', n[0])\n" +
            Correct + "\n_reference = is_palindrome\ndef is_palindrome(s):\n    _waiting()\n    return _reference(s)\n";

        async Task<int[]> WaitingPerTestAsync(IDictionary<string, string?> settings)
        {
            await using var services = Embedding.Services(settings);
            var report = await services.GetRequiredService<GradingEngine>().GradeAsync(Embedding.Palindrome, Source(peeks));
            report.Verdict.ShouldBe(Verdict.Accepted, report.Message);
            return report.Tests.Select(t => int.Parse(t.Stdout!.Trim().Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        }

        (await WaitingPerTestAsync(new Dictionary<string, string?> { ["TestsInFlight"] = "1" })).ShouldAllBe(n => n == 0);
        (await WaitingPerTestAsync(new Dictionary<string, string?>())).ShouldContain(n => n > 0, "by default the next calls are sent ahead");
        await Descendants.ShouldBeNoneLeftAsync();
    }

    [Fact]
    public async Task Each_test_is_reported_as_it_starts_and_as_it_finishes()
    {
        await using var services = Embedding.Services();
        var engine = services.GetRequiredService<GradingEngine>();
        var events = new List<GradingEvent>();

        var report = await engine.GradeAsync(Embedding.Palindrome, Source(Wrong), events.Add);

        var started = events.OfType<TestStarted>().ToList();
        var finished = events.OfType<TestFinished>().ToList();
        started.Count.ShouldBe(report.Tests.Length);
        finished.Count.ShouldBe(report.Tests.Length);
        for (var i = 0; i < events.Count; i += 2)
        {
            var start = events[i].ShouldBeOfType<TestStarted>();
            var finish = events[i + 1].ShouldBeOfType<TestFinished>();
            finish.Index.ShouldBe(start.Index);
            finish.Result.ShouldBe(report.Tests[start.Index]);
        }
        finished.ShouldContain(f => f.Result.Status == TestStatus.Failed);
        events.ShouldAllBe(e => e.Submission == "solution.py");
    }

    [Fact]
    public async Task The_candidate_view_of_an_event_shows_no_more_than_the_candidate_report()
    {
        await using var services = Embedding.Services();
        var engine = services.GetRequiredService<GradingEngine>();
        const string leaky = "def is_palindrome(text):\n    print('SEEN:' + repr(text))\n    return text == text[::-1]\n";
        var events = new List<GradingEvent>();

        var report = await engine.GradeAsync(Embedding.Palindrome, Source(leaky), events.Add);

        var candidate = ReportViews.ForCandidate(report);
        foreach (var finished in events.OfType<TestFinished>())
        {
            var shown = finished.ForView(ReportView.Candidate).ShouldBeOfType<TestFinished>();
            shown.Result.ShouldBe(candidate.Tests[finished.Index]);
            if (!shown.Result.Sample)
            {
                shown.Result.Stdout.ShouldBeNull();
                shown.Result.Actual.ShouldBeNull();
                shown.Result.Expected.ShouldBeNull();
                shown.Result.Call.ShouldBeNull();
            }
        }
        events.OfType<TestFinished>().ShouldContain(f => !f.Result.Sample && f.Result.Stdout!.Contains("SEEN:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_sandboxes_built_ahead_grades_are_the_same_and_nothing_is_left_once_the_engine_is_disposed()
    {
        var verdicts = new List<Verdict>();
        await using (var services = Embedding.Services(configure: o => o with { SandboxesBuiltAhead = 1, ForkServer = false }))
        {
            var engine = services.GetRequiredService<GradingEngine>();
            foreach (var source in new[] { Correct, Wrong, Correct }) verdicts.Add((await engine.GradeAsync(Embedding.Palindrome, Source(source))).Verdict);
            await Descendants.ShouldAllBeAsync(p => p.Contains("bwrap", StringComparison.Ordinal), "only a sandbox built ahead may be held between grades");
        } // disposed even when an assertion fails, so no sandbox is left to the tests after this one

        verdicts.ShouldBe([Verdict.Accepted, Verdict.WrongAnswer, Verdict.Accepted]);
        await Descendants.ShouldBeNoneLeftAsync();
    }

    [Fact]
    public async Task With_the_fork_server_by_default_grades_are_right_and_nothing_is_left_once_the_engine_is_disposed()
    {
        var verdicts = new List<Verdict>();
        await using (var services = Embedding.Services())
        {
            var engine = services.GetRequiredService<GradingEngine>();
            engine.Options.ForkServer.ShouldBeTrue("the fork server is on by default");
            foreach (var source in new[] { Correct, Wrong, Correct }) verdicts.Add((await engine.GradeAsync(Embedding.Palindrome, Source(source))).Verdict);
            await Descendants.ShouldBeAtMostTheZygoteAsync("only the zygote (in its sandbox) may be held between grades");
        }

        verdicts.ShouldBe([Verdict.Accepted, Verdict.WrongAnswer, Verdict.Accepted]);
        await Descendants.ShouldBeNoneLeftAsync();
    }

    [Fact]
    public async Task A_batch_is_streamed_one_result_per_submission()
    {
        await using var services = Embedding.Services(configure: o => o with { MaxParallelism = 2 });
        var engine = services.GetRequiredService<GradingEngine>();
        var jobs = Enumerable.Range(0, 6)
            .Select(i => new GradeJob(Embedding.Palindrome, Source(i % 2 == 0 ? Correct : Wrong, $"s{i}.py"), $"key-{i}"))
            .ToList();

        var results = new List<GradedJob>();
        await foreach (var graded in engine.GradeManyAsync(jobs)) results.Add(graded);

        results.Select(r => r.Job.Key).Order().ShouldBe(jobs.Select(j => j.Key).Order());
        results.ShouldAllBe(r => r.Report.Verdict == (r.Job.Submission.FileName == "s0.py" || r.Job.Submission.FileName == "s2.py" || r.Job.Submission.FileName == "s4.py"
            ? Verdict.Accepted : Verdict.WrongAnswer));
        await Descendants.ShouldBeAtMostTheZygoteAsync("no worker of the batch is left, only the zygote");
    }

    [Fact]
    public async Task A_batch_with_an_invalid_exercise_grades_the_other_jobs()
    {
        await using var services = Embedding.Services();
        var engine = services.GetRequiredService<GradingEngine>();
        var broken = Directory.CreateTempSubdirectory("codegrader-broken-").FullName;
        await File.WriteAllTextAsync(Path.Combine(broken, "exercise.yaml"), "title: [unclosed\n");

        var results = new List<GradedJob>();
        await foreach (var graded in engine.GradeManyAsync([new GradeJob(broken, Source(Correct)), new GradeJob(Embedding.Palindrome, Source(Correct))]))
            results.Add(graded);

        results.Single(r => r.Job.ExerciseDirectory == Embedding.Palindrome).Report.Verdict.ShouldBe(Verdict.Accepted);
        var invalid = results.Single(r => r.Job.ExerciseDirectory == broken);
        invalid.ExerciseInvalid.ShouldBeTrue();
        invalid.Report.Verdict.ShouldBe(Verdict.InternalError);
        invalid.Report.Diagnostics.ShouldContain(d => d.Id == "CG2001");
        ReportViews.ForCandidate(invalid.Report).Diagnostics.ShouldBeEmpty();
    }

    [Fact]
    public async Task Cancelling_in_the_middle_of_a_batch_leaves_nothing_running()
    {
        await using var services = Embedding.Services(configure: o => o with { MaxParallelism = 2 });
        var engine = services.GetRequiredService<GradingEngine>();
        var jobs = Enumerable.Range(0, 8).Select(i => new GradeJob(Embedding.Palindrome, Source(i == 0 ? Correct : Loops, $"s{i}.py"))).ToList();
        using var cancel = new CancellationTokenSource();

        var results = new List<GradedJob>();
        var run = Should.ThrowAsync<OperationCanceledException>(async () =>
        {
            await foreach (var graded in engine.GradeManyAsync(jobs, cancel.Token))
            {
                results.Add(graded);
                await cancel.CancelAsync();
            }
        });
        await run.WaitAsync(TimeSpan.FromSeconds(60));

        results.Count.ShouldBeLessThan(jobs.Count);
        await Descendants.ShouldBeAtMostTheZygoteAsync("no worker of the cancelled batch is left running, only the zygote");
    }

    [Fact]
    public async Task Leaving_a_batch_early_leaves_nothing_running()
    {
        await using var services = Embedding.Services(configure: o => o with { MaxParallelism = 2 });
        var engine = services.GetRequiredService<GradingEngine>();
        var jobs = Enumerable.Range(0, 6).Select(i => new GradeJob(Embedding.Palindrome, Source(i == 0 ? Correct : Loops, $"s{i}.py"))).ToList();

        await foreach (var graded in engine.GradeManyAsync(jobs).WithCancellation(CancellationToken.None))
        {
            graded.Report.ShouldNotBeNull();
            break;
        }

        await Descendants.ShouldBeAtMostTheZygoteAsync("no worker of the batch left early is running, only the zygote");
    }

    [Fact]
    public async Task Two_engines_grade_at_once_each_with_its_own_cache()
    {
        await using var first = Embedding.Services();
        await using var second = Embedding.Services();
        var a = first.GetRequiredService<GradingEngine>();
        var b = second.GetRequiredService<GradingEngine>();
        a.ShouldNotBeSameAs(b);

        var reports = await Task.WhenAll(a.GradeAsync(Embedding.Palindrome, Source(Correct)), b.GradeAsync(Embedding.Palindrome, Source(Wrong)));

        reports[0].Verdict.ShouldBe(Verdict.Accepted);
        reports[1].Verdict.ShouldBe(Verdict.WrongAnswer);
        a.PreparedExerciseCount.ShouldBe(1);
        b.PreparedExerciseCount.ShouldBe(1);
        await first.DisposeAsync();
        (await b.GradeAsync(Embedding.Palindrome, Source(Correct))).Verdict.ShouldBe(Verdict.Accepted);
    }

    [Fact]
    public async Task A_cancelled_request_does_not_fail_a_concurrent_one_for_the_same_exercise()
    {
        await using var services = Embedding.Services();
        var engine = services.GetRequiredService<GradingEngine>();
        var exercise = Embedding.FreshCopy("palindrome");
        using var cancel = new CancellationTokenSource();

        var cancelled = engine.GradeAsync(exercise, Source(Correct), null, cancel.Token);
        var other = engine.GradeAsync(exercise, Source(Correct));
        await Task.Delay(20);
        await cancel.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(cancelled);
        (await other).Verdict.ShouldBe(Verdict.Accepted);
        engine.PreparedExerciseCount.ShouldBe(1);
    }

    [Fact]
    public async Task Verifying_a_shipped_exercise_passes()
    {
        await using var services = Embedding.Services();
        var report = await services.GetRequiredService<GradingEngine>().VerifyAsync(Embedding.Palindrome);
        report.Invalid.ShouldBeFalse();
        report.Passed.ShouldBeTrue(string.Join("\n", report.Diagnostics));
    }

    [Fact]
    public async Task One_call_runs_in_a_fresh_sandboxed_worker()
    {
        await using var services = Embedding.Services();
        var outcome = await services.GetRequiredService<GradingEngine>().RunCallAsync(Source(Correct), "is_palindrome('abba')");
        outcome.Sandbox.Confined.ShouldBeTrue();
        outcome.Result.ShouldNotBeNull().Status.ShouldBe(RunStatus.Completed);
        outcome.Result.Value.ShouldBe(new PyBool(true));
    }

    [Fact]
    public async Task Running_the_samples_only_grades_each_sample_against_its_own_expected_value()
    {
        await using var services = Embedding.Services();
        var engine = services.GetRequiredService<GradingEngine>();
        var prepared = (await engine.PrepareExerciseAsync(Embedding.Palindrome)).Exercise.ShouldNotBeNull();
        var samples = prepared.SamplesOnly().ShouldNotBeNull();

        var report = await engine.GradeAsync(samples, Source("def is_palindrome(text):\n    return True\n"));

        samples.Exercise.Tests.ShouldAllBe(t => t.Sample);
        report.Tests.Select(t => t.Name).ShouldBe(prepared.Exercise.Tests.Where(t => t.Sample).Select(t => t.Name));
        report.Tests.Select(t => t.Status).ShouldBe([TestStatus.Passed, TestStatus.Passed, TestStatus.Failed]);
        report.Tests[2].Expected.ShouldBe(prepared.DescribeExpected(prepared.Exercise.Tests.Single(t => t.Name == "not a palindrome")));
    }
}
