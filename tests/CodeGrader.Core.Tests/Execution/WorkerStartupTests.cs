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
        var options = WorkerHarness.Options() with
        {
            WorkerPath = WorkerThatLoadsAny,
            Python = new LibPythonLocation("/lib/x86_64-linux-gnu/libz.so.1", "/usr", "test"),
        };
        var error = await Should.ThrowAsync<WorkerStartException>(() => WorkerProcess.StartAsync(options).WaitAsync(WorkerHarness.Bound));
        error.Message.ShouldContain("lacks the symbol");
    }

    private static string WorkerThatLoadsAny => Path.Combine(Path.GetDirectoryName(WorkerHarness.Options().WorkerPath)!, WorkerLocator.FileName);

    private static string LinkedWorker => Path.Combine(Path.GetDirectoryName(WorkerHarness.Options().WorkerPath)!, LinkedInterpreter.WorkerFileName);

    [Fact]
    public void With_Debian_s_libpython_the_worker_with_that_interpreter_linked_in_is_taken_and_with_another_the_one_that_loads_any()
    {
        // scripts/setup.sh installs libpython3.11-dev, whose static library the build links into codegrader-worker-linked.
        File.Exists(LinkedWorker).ShouldBeTrue($"{LinkedWorker} is built where Debian's libpython3.11-dev is installed");
        WorkerLocator.Locate(new LibPythonLocation(LinkedInterpreter.Twin, "/usr", "test")).ShouldBe(LinkedWorker);
        WorkerLocator.Locate(new LibPythonLocation("/lib/x86_64-linux-gnu/libz.so.1", "/usr", "test")).ShouldBe(WorkerThatLoadsAny);
    }

    [Fact]
    public async Task The_linked_worker_and_the_one_that_loads_libpython_run_the_same_python_and_answer_alike()
    {
        var debian = new LibPythonLocation(LinkedInterpreter.Twin, "/usr", "test");
        var answers = new List<(string Version, string Value)>();
        foreach (var path in (string[])[LinkedWorker, WorkerThatLoadsAny])
        {
            await using var worker = await WorkerHarness.StartAsync(WorkerHarness.Options() with { WorkerPath = path, Python = debian });
            var load = await worker.LoadAsync(new LoadRequest(SubmissionSource.FromText("solution.py",
                "import json, math, binascii\ndef f(n):\n    return [math.factorial(n) % 1000003, json.dumps({'n': n}), binascii.hexlify(bytes([n])).decode()]\n"))).WaitAsync(WorkerHarness.Bound);
            load.Status.ShouldBe(RunStatus.Completed, load.Error?.ToString());
            var result = await worker.RunTestAsync(TestRequest.ForCall("f(200)")).WaitAsync(WorkerHarness.Bound);
            result.Value.ShouldNotBeNull(result.Message);
            answers.Add((worker.Ready.PythonVersion, PythonLiteral.Format(result.Value)));
        }
        answers[0].Version.ShouldBe(answers[1].Version, "the static twin of the same library");
        answers[0].Value.ShouldBe(answers[1].Value);
        answers[0].Value.ShouldContain("'{\"n\": 200}'", customMessage: "json, math and binascii work in both");
    }

    [Fact]
    public async Task The_linked_worker_refuses_another_libpython_and_names_the_worker_that_loads_any()
    {
        var options = WorkerHarness.Options() with { WorkerPath = LinkedWorker, Python = new LibPythonLocation("/lib/x86_64-linux-gnu/libz.so.1", "/usr", "test") };
        var error = await Should.ThrowAsync<WorkerStartException>(() => WorkerProcess.StartAsync(options).WaitAsync(WorkerHarness.Bound));
        error.Message.ShouldContain("runs with that library only");
        error.Message.ShouldContain("codegrader-worker");
    }

    [Fact]
    public async Task A_missing_worker_binary_is_an_internal_error_naming_the_path()
    {
        var options = WorkerHarness.Options() with { WorkerPath = "/nonexistent/codegrader-worker" };
        var error = await Should.ThrowAsync<WorkerStartException>(() => WorkerProcess.StartAsync(options).WaitAsync(WorkerHarness.Bound));
        error.Message.ShouldContain("/nonexistent/codegrader-worker");
    }
}
