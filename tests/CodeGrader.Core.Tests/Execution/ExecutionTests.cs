using CodeGrader.Core.Execution;
using CodeGrader.Core.Values;

namespace CodeGrader.Core.Tests.Execution;

public sealed class ExecutionTests
{
    [Fact]
    public async Task An_exception_comes_back_with_only_the_candidates_frames()
    {
        const string source = "def helper(x):\n    return {}[x]\n\ndef f(x):\n    return helper(x)\n";
        var result = await WorkerHarness.CallAsync(source, "f('missing')");
        result.Status.ShouldBe(RunStatus.Raised);
        result.Error!.Type.ShouldBe("KeyError");
        result.Error.Bases.ShouldContain("LookupError");
        result.Error.Traceback.Select(f => (f.Function, f.Line)).ShouldBe([("f", 5), ("helper", 2)]);
        result.Error.Traceback.ShouldAllBe(f => f.File == "solution.py");
        result.Error.Line.ShouldBe(2);
    }

    [Fact]
    public async Task An_exception_whose_str_is_overridden_reports_its_real_message()
    {
        const string source = "class E(Exception):\n    def __str__(self):\n        return 'all tests passed'\ndef f():\n    raise E('boom')\n";
        var result = await WorkerHarness.CallAsync(source, "f()");
        result.Error!.Message.ShouldBe("boom");
    }

    [Fact]
    public async Task Printed_output_is_captured_per_test()
    {
        var result = await WorkerHarness.CallAsync("import sys\ndef f():\n    print('out')\n    print('err', file=sys.stderr)\n    return 1\n", "f()");
        result.Stdout.ShouldBe("out\n");
        result.Stderr.ShouldBe("err\n");
    }

    [Fact]
    public async Task Captured_output_over_the_cap_stops_the_test_with_an_output_limit()
    {
        var options = WorkerHarness.Options(outputBytes: 1000);
        var result = await WorkerHarness.CallAsync("def f():\n    while True:\n        print('x' * 100)\n", "f()", options);
        result.Status.ShouldBe(RunStatus.OutputLimit);
        result.Stdout.Length.ShouldBe(1000);
    }

    [Fact]
    public async Task Writing_past_the_cap_on_the_real_stdout_descriptor_kills_the_worker_with_an_output_limit()
    {
        var options = WorkerHarness.Options(outputBytes: 4096);
        var result = await WorkerHarness.CallAsync("import os\ndef f():\n    while True:\n        os.write(1, b'x' * 65536)\n", "f()", options);
        result.Status.ShouldBe(RunStatus.OutputLimit);
        result.End!.KilledBy.ShouldBe(KillReason.OutputLimit);
    }

    [Fact]
    public async Task Stdin_is_empty_for_a_function_call()
    {
        var result = await WorkerHarness.CallAsync("def f():\n    return input()\n", "f()");
        result.Error!.Type.ShouldBe("EOFError");
    }

    [Fact]
    public async Task A_program_reads_the_tests_stdin_and_its_output_is_captured()
    {
        await using var worker = await WorkerHarness.StartAsync();
        var source = SubmissionSource.FromText("main.py", "import sys\nnums = [int(x) for x in sys.stdin.read().split()]\nprint(sum(nums))\n");
        (await worker.LoadAsync(new LoadRequest(source, SourceMode.Program)).WaitAsync(WorkerHarness.Bound)).Succeeded.ShouldBeTrue();
        (await worker.RunTestAsync(TestRequest.ForProgram("1 2 3\n")).WaitAsync(WorkerHarness.Bound)).Stdout.ShouldBe("6\n");
        (await worker.RunTestAsync(TestRequest.ForProgram("10\n")).WaitAsync(WorkerHarness.Bound)).Stdout.ShouldBe("10\n");
    }

    [Fact]
    public async Task Class_steps_share_state_and_stop_at_the_first_exception()
    {
        await using var worker = await WorkerHarness.StartAsync();
        var source = SubmissionSource.FromText("solution.py", "class Counter:\n    def __init__(self):\n        self.n = 0\n    def add(self, k):\n        if k < 0:\n            raise ValueError('negative')\n        self.n += k\n        return self.n\n");
        (await worker.LoadAsync(new LoadRequest(source)).WaitAsync(WorkerHarness.Bound)).Succeeded.ShouldBeTrue();
        var result = await worker.RunTestAsync(new TestRequest
        {
            Steps = [new TestStep("c = Counter()", false), new TestStep("c.add(2)", true), new TestStep("c.add(-1)", true), new TestStep("c.add(5)", true)],
        }).WaitAsync(WorkerHarness.Bound);
        result.Steps.Length.ShouldBe(3);
        result.Steps[1].Value.ShouldBe(new PyInt(2));
        result.Steps[2].Error!.Type.ShouldBe("ValueError");
        result.Status.ShouldBe(RunStatus.Raised);
    }

    [Fact]
    public async Task Many_tests_run_in_one_worker_and_each_gets_its_own_timing()
    {
        await using var worker = await WorkerHarness.StartAsync();
        (await worker.LoadAsync(new LoadRequest(SubmissionSource.FromText("solution.py", "def sq(x):\n    return x * x\n"))).WaitAsync(WorkerHarness.Bound)).Succeeded.ShouldBeTrue();
        for (var i = 0; i < 50; i++)
        {
            var result = await worker.RunTestAsync(TestRequest.ForCall($"sq({i})")).WaitAsync(WorkerHarness.Bound);
            result.Value.ShouldBe(new PyInt(i * i));
            result.HostTime.ShouldBeGreaterThan(TimeSpan.Zero);
            result.WorkerTime.ShouldNotBeNull();
        }
    }
}
