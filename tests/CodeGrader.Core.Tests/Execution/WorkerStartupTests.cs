using CodeGrader.Core.Execution;
using CodeGrader.Core.Values;
using CodeGrader.Python;

namespace CodeGrader.Core.Tests.Execution;

public sealed class WorkerStartupTests
{
    [Fact]
    public async Task A_worker_reports_ready_with_its_python_version_and_pid()
    {
        await using var worker = await WorkerHarness.StartAsync();
        worker.Ready.PythonVersion.ShouldStartWith("3.");
        worker.Ready.Pid.ShouldBeGreaterThan(0);
        worker.IsAlive.ShouldBeTrue();
    }

    [Fact]
    public async Task A_second_worker_starts_from_the_harness_code_the_first_one_compiled()
    {
        var cache = new HarnessCodeCache();
        var options = WorkerHarness.Options() with { HarnessCache = cache };
        cache.Get(options.Python.LibraryPath).IsEmpty.ShouldBeTrue();
        await using (await WorkerHarness.StartAsync(options)) { }
        cache.Get(options.Python.LibraryPath).IsEmpty.ShouldBeFalse();
        await using var second = await WorkerHarness.StartAsync(options);
        var load = await second.LoadAsync(new LoadRequest(SubmissionSource.FromText("solution.py", "def f(x):\n    return x * 2\n"))).WaitAsync(WorkerHarness.Bound);
        load.Status.ShouldBe(RunStatus.Completed);
        var result = await second.RunTestAsync(TestRequest.ForCall("f(21)")).WaitAsync(WorkerHarness.Bound);
        result.Value.ShouldBe(new PyInt(42));
    }

    [Fact]
    public async Task A_broken_python_home_fails_with_the_encodings_message_and_the_fix()
    {
        var options = WorkerHarness.Options() with
        {
            Python = WorkerHarness.Options().Python with { Home = "/nonexistent/python-home" },
        };
        var error = await Should.ThrowAsync<WorkerStartException>(() => WorkerProcess.StartAsync(options).WaitAsync(WorkerHarness.Bound));
        error.Message.ShouldContain("No module named 'encodings'");
        error.Message.ShouldContain("CODEGRADER_PYTHONHOME");
    }

    [Fact]
    public async Task A_library_that_is_not_python_fails_with_a_clear_message()
    {
        var options = WorkerHarness.Options() with { Python = new LibPythonLocation("/lib/x86_64-linux-gnu/libz.so.1", "/usr", "test") };
        var error = await Should.ThrowAsync<WorkerStartException>(() => WorkerProcess.StartAsync(options).WaitAsync(WorkerHarness.Bound));
        error.Message.ShouldContain("lacks the symbol");
    }

    [Fact]
    public async Task A_missing_worker_binary_is_an_internal_error_naming_the_path()
    {
        var options = WorkerHarness.Options() with { WorkerPath = "/nonexistent/codegrader-worker" };
        var error = await Should.ThrowAsync<WorkerStartException>(() => WorkerProcess.StartAsync(options).WaitAsync(WorkerHarness.Bound));
        error.Message.ShouldContain("/nonexistent/codegrader-worker");
    }
}
