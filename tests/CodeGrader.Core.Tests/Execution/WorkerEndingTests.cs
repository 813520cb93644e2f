using System.Diagnostics;
using CodeGrader.Core.Execution;
using CodeGrader.Core.Values;

namespace CodeGrader.Core.Tests.Execution;

/// <summary>Every way a test can end badly, each reported honestly and within its deadline; the host never hangs.</summary>
public sealed class WorkerEndingTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromMilliseconds(500);

    private static async Task<(TestRunResult Result, WorkerProcess Worker)> RunAsync(string source, string call)
    {
        // Loading a few lines gets a generous limit of its own: on a loaded machine it can pass 500 ms, and these tests are about the call.
        var options = WorkerHarness.Options(Limit);
        var worker = await WorkerHarness.StartAsync(options with { Limits = options.Limits with { LoadTime = TimeSpan.FromSeconds(10) } });
        var load = await worker.LoadAsync(new LoadRequest(SubmissionSource.FromText("solution.py", source))).WaitAsync(WorkerHarness.Bound);
        load.Succeeded.ShouldBeTrue(load.Message ?? load.Error?.ToString());
        return (await worker.RunTestAsync(TestRequest.ForCall(call)).WaitAsync(WorkerHarness.Bound), worker);
    }

    private static async Task ShouldStillAnswer(WorkerProcess worker)
    {
        worker.IsAlive.ShouldBeTrue();
        var next = await worker.RunTestAsync(TestRequest.ForCall("1 + 1")).WaitAsync(WorkerHarness.Bound);
        next.Value.ShouldBe(new PyInt(2));
    }

    [Fact]
    public async Task A_pure_python_infinite_loop_is_interrupted_softly_and_the_worker_goes_on()
    {
        var (result, worker) = await RunAsync("def spin():\n    while True:\n        pass\n", "spin()");
        await using (worker)
        {
            result.Status.ShouldBe(RunStatus.TimedOut);
            result.End.ShouldBeNull();
            await ShouldStillAnswer(worker);
        }
    }

    [Fact]
    public async Task A_loop_after_many_quick_tests_is_interrupted_softly_at_its_own_deadline()
    {
        // The quick tests arm and disarm the soft deadline without waking the watchdog, which sleeps toward the first
        // one's deadline: the loop's later deadline must still be the one that fires, softly.
        var (first, worker) = await RunAsync("def spin(n):\n    while n < 0:\n        pass\n    return n\n", "spin(0)");
        await using (worker)
        {
            first.Value.ShouldBe(new PyInt(0));
            for (var i = 1; i <= 50; i++)
                (await worker.RunTestAsync(TestRequest.ForCall($"spin({i})")).WaitAsync(WorkerHarness.Bound)).Value.ShouldBe(new PyInt(i));
            var loop = await worker.RunTestAsync(TestRequest.ForCall("spin(-1)")).WaitAsync(WorkerHarness.Bound);
            loop.Status.ShouldBe(RunStatus.TimedOut);
            loop.End.ShouldBeNull("interrupted by the soft deadline, not killed");
            await ShouldStillAnswer(worker);
        }
    }

    [Fact]
    public async Task Catastrophic_regex_backtracking_is_interrupted_softly_and_the_worker_goes_on()
    {
        var (result, worker) = await RunAsync("import re\ndef match():\n    return re.match(r'(a+)+$', 'a' * 40 + 'b')\n", "match()");
        await using (worker)
        {
            result.Status.ShouldBe(RunStatus.TimedOut);
            await ShouldStillAnswer(worker);
        }
    }

    [Fact]
    public async Task A_loop_that_swallows_the_interrupt_is_killed_at_the_hard_deadline()
    {
        var (result, worker) = await RunAsync("def stubborn():\n    while True:\n        try:\n            while True:\n                pass\n        except BaseException:\n            pass\n", "stubborn()");
        await using (worker)
        {
            result.Status.ShouldBe(RunStatus.TimedOut);
            result.End!.KilledBy.ShouldBe(KillReason.Timeout);
            worker.IsAlive.ShouldBeFalse();
        }
    }

    [Fact]
    public async Task A_c_level_loop_that_never_checks_for_signals_is_killed_and_reported_as_a_timeout()
    {
        var clock = Stopwatch.StartNew();
        var (result, worker) = await RunAsync("def total():\n    return sum(range(10 ** 13))\n", "total()");
        await using (worker)
        {
            result.Status.ShouldBe(RunStatus.TimedOut);
            result.End!.KilledBy.ShouldBe(KillReason.Timeout);
            result.End.Exit.Signal.ShouldBe(9);
            clock.Elapsed.ShouldBeLessThan(WorkerHarness.Bound);
        }
    }

    [Fact]
    public async Task A_segfault_through_ctypes_is_a_crash_with_its_signal()
    {
        var (result, worker) = await RunAsync("import ctypes\ndef crash():\n    return ctypes.string_at(0)\n", "crash()");
        await using (worker)
        {
            result.Status.ShouldBe(RunStatus.Crashed);
            result.End!.Exit.Signal.ShouldBe(11);
            result.Message!.ShouldContain("SIGSEGV");
            result.End.Stderr.ShouldContain("Segmentation fault");
        }
    }

    [Fact]
    public async Task Exiting_with_status_zero_before_answering_is_an_early_exit_not_a_pass()
    {
        var (result, worker) = await RunAsync("import os\ndef leave():\n    os._exit(0)\n", "leave()");
        await using (worker)
        {
            result.Status.ShouldBe(RunStatus.EarlyExit);
            result.End!.Exit.ExitCode.ShouldBe(0);
            result.Value.ShouldBeNull();
        }
    }

    [Theory]
    [InlineData(3, null, RunStatus.EarlyExit, "the process exited with status 3 before answering (the solution ended the process, e.g. with os._exit)")]
    [InlineData(null, 9, RunStatus.ProtocolError, "the worker broke the protocol (the worker closed its channel)")]
    public void A_worker_killed_for_closing_its_channel_is_reported_by_how_it_ended(int? exitCode, int? signal, RunStatus status, string message)
    {
        // The host kills a worker whose channel closed once the kill grace passes without its end reported. On a loaded
        // machine (a CI run: a zygote's report later than 500 ms) a worker that had exited by itself, with 3, was killed
        // that way and reported as breaking the protocol; one that closed its channel and lived on dies of the kill.
        var end = new WorkerEnd(new ChildExit(exitCode, signal, 0), new ConfinedUsage(null, false, false), KillReason.ProtocolViolation, "");

        WorkerProcess.Classify(end, answer: null, WorkerProcess.ChannelClosed, ResourceLimits.Default).ShouldBe((status, message));
    }

    [Fact]
    public void A_worker_killed_for_an_answer_it_garbled_broke_the_protocol_however_it_ended()
    {
        var end = new WorkerEnd(new ChildExit(0, null, 0), new ConfinedUsage(null, false, false), KillReason.ProtocolViolation, "");

        WorkerProcess.Classify(end, answer: null, "protocol violation: bad frame", ResourceLimits.Default)
            .ShouldBe((RunStatus.ProtocolError, "the worker broke the protocol (protocol violation: bad frame)"));
    }

    [Fact]
    public async Task Sys_exit_inside_a_call_is_an_exception_and_the_worker_goes_on()
    {
        var (result, worker) = await RunAsync("import sys\ndef leave():\n    sys.exit(0)\n", "leave()");
        await using (worker)
        {
            result.Status.ShouldBe(RunStatus.Raised);
            result.Error!.Type.ShouldBe("SystemExit");
            await ShouldStillAnswer(worker);
        }
    }

    [Fact]
    public async Task Garbage_written_to_the_result_channel_is_a_protocol_error()
    {
        var (result, worker) = await RunAsync("import os\ndef forge():\n    os.write(4, b'\\xff' * 64)\n    return True\n", "forge()");
        await using (worker)
        {
            result.Status.ShouldBe(RunStatus.ProtocolError);
            worker.IsAlive.ShouldBeFalse();
        }
    }

    [Fact]
    public async Task A_forged_result_frame_is_rejected_because_it_cannot_know_the_request_id()
    {
        const string source =
            "import os, struct, json\n" +
            "def forge():\n" +
            "    body = json.dumps({'id': 1, 'outcome': 'value', 'value': {'t': 'bool', 'v': True}, 'time_ns': 1, 'stdout': '', 'stderr': ''}).encode()\n" +
            "    os.write(4, struct.pack('<IBI', len(body), 0x83, 0) + body)\n" +
            "    os._exit(0)\n";
        var (result, worker) = await RunAsync(source, "forge()");
        await using (worker)
        {
            result.Status.ShouldBe(RunStatus.ProtocolError);
            result.Message!.ShouldContain("forged");
            result.Value.ShouldNotBe(new PyBool(true));
        }
    }

    [Fact]
    public async Task Deep_recursion_is_a_recursion_error_not_a_crash()
    {
        var (result, worker) = await RunAsync("def down(n):\n    return down(n + 1)\n", "down(0)");
        await using (worker)
        {
            result.Status.ShouldBe(RunStatus.Raised);
            result.Error!.Type.ShouldBe("RecursionError");
        }
    }

    [Fact]
    public async Task A_repr_of_a_deeply_nested_list_through_c_does_not_kill_the_worker()
    {
        var (result, worker) = await RunAsync("def deep():\n    x = []\n    for _ in range(100000):\n        x = [x]\n    return len(repr(x))\n", "deep()");
        await using (worker)
        {
            result.Status.ShouldBeOneOf(RunStatus.Completed, RunStatus.Raised);
            await ShouldStillAnswer(worker);
        }
    }

    [Fact]
    public async Task After_a_hard_kill_a_fresh_worker_runs_the_remaining_tests()
    {
        var (result, worker) = await RunAsync("def total():\n    return sum(range(10 ** 13))\n", "total()");
        await worker.DisposeAsync();
        result.Status.ShouldBe(RunStatus.TimedOut);
        await Should.ThrowAsync<InvalidOperationException>(() => worker.RunTestAsync(TestRequest.ForCall("1")));
        var fresh = await WorkerHarness.CallAsync("def one():\n    return 1\n", "one()");
        fresh.Value.ShouldBe(new PyInt(1));
    }

    [Fact]
    public async Task A_candidate_that_breaks_the_harness_gets_an_error_for_its_own_request_not_a_forged_answer()
    {
        const string source =
            "import sys\n" +
            "def sabotage():\n" +
            "    sys._getframe(2).f_globals['describe'] = None\n" +
            "    raise ValueError('after breaking the harness')\n";
        var (result, worker) = await RunAsync(source, "sabotage()");
        await using (worker)
        {
            result.Status.ShouldBe(RunStatus.Raised, result.Message);
            result.Error!.Type.ShouldBe("TypeError");
            worker.IsAlive.ShouldBeTrue();
        }
    }

    [Fact]
    public async Task Deep_recursion_tracebacks_are_folded_as_python_prints_them()
    {
        var (result, worker) = await RunAsync("def down(n):\n    return down(n + 1)\n", "down(0)");
        await using (worker)
        {
            result.Error!.Traceback.Count.ShouldBe(3);
            result.Error.Traceback[^1].Repeated.ShouldBeGreaterThan(900);
            result.Error.Traceback[^1].Lines().Last().ShouldStartWith("[Previous line repeated ");
        }
    }
}
