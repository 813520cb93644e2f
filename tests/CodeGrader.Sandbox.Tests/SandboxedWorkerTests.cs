using CodeGrader.Core.Execution;
using CodeGrader.Core.Values;

namespace CodeGrader.Sandbox.Tests;

/// <summary>The real worker, started by <see cref="WorkerProcess"/> inside the real sandbox.</summary>
public class SandboxedWorkerTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private static readonly Lazy<WorkerOptions> Discovered = new(() => WorkerOptions.Discover());

    private static WorkerOptions Options(ResourceLimits? limits = null) =>
        Discovered.Value with { Confinement = Sandboxed.Confinement, Limits = limits ?? ResourceLimits.Default };

    private static async Task<TestRunResult> CallAsync(string source, string call, ResourceLimits? limits = null)
    {
        await using var worker = await WorkerProcess.StartAsync(Options(limits)).WaitAsync(Bound);
        var load = await worker.LoadAsync(new LoadRequest(SubmissionSource.FromText("solution.py", source))).WaitAsync(Bound);
        load.Status.ShouldBe(RunStatus.Completed, load.Message ?? load.Error?.ToString());
        return await worker.RunTestAsync(TestRequest.ForCall(call)).WaitAsync(Bound);
    }

    [SandboxFact]
    public async Task A_sandboxed_worker_starts_and_runs_a_solution()
    {
        var result = await CallAsync("def add(a, b):\n    return a + b\n", "add(2, 3)");

        result.Status.ShouldBe(RunStatus.Completed, result.Message);
        result.Value.ShouldBe(new PyInt(5));
    }

    [SandboxFact]
    public async Task A_solution_in_the_sandbox_cannot_open_a_network_connection()
    {
        var result = await CallAsync(
            "import socket\ndef f():\n    socket.create_connection(('127.0.0.1', 9), timeout=1)\n", "f()");

        result.Status.ShouldBe(RunStatus.Raised, result.Message);
        result.Error.ShouldNotBeNull().Type.ShouldBe("PermissionError");
    }

    [SandboxFact]
    public async Task A_solution_in_the_sandbox_sees_no_host_files_and_an_empty_environment()
    {
        var result = await CallAsync(
            "import os\ndef f():\n    return [os.path.exists(p) for p in ('/etc/passwd', '/home', os.path.expanduser('~/.ssh'))] + [sorted(os.environ)]\n",
            "f()");

        result.Status.ShouldBe(RunStatus.Completed, result.Message);
        var items = result.Value.ShouldBeOfType<PySequence>().Items;
        items.Take(3).ShouldAllBe(v => v == new PyBool(false));
        var names = items[3].ShouldBeOfType<PySequence>().Items.Select(v => ((PyStr)v).Value).ToList();
        // bubblewrap adds PWD for --chdir; nothing of the host.
        names.ShouldBe(["CODEGRADER_CHANNEL", "CODEGRADER_LIBPYTHON", "CODEGRADER_PYTHONHOME", "LANG", "PWD"], ignoreOrder: true);
    }

    [SandboxFact(needsCgroup: true)]
    public async Task A_memory_bomb_in_the_sandbox_is_a_memory_limit()
    {
        var result = await CallAsync(
            "def f():\n    return len(b'\\x01' * (512 << 20))\n", "f()",
            ResourceLimits.Default with { MemoryBytes = 128L * 1024 * 1024 });

        result.Status.ShouldBe(RunStatus.MemoryLimit, result.Message);
        result.End.ShouldNotBeNull().Usage.PeakMemoryBytes.ShouldNotBeNull().ShouldBeGreaterThan(64L * 1024 * 1024);
    }

    [SandboxFact]
    public async Task Writing_past_the_file_size_limit_in_the_sandbox_fails_with_file_too_large()
    {
        // The worker is PID 1 of its namespace, which ignores SIGXFSZ: the write fails with EFBIG instead.
        var result = await CallAsync(
            "import os\ndef f():\n    with open('big', 'wb') as out:\n        out.write(b'x' * (2 << 20))\n", "f()",
            ResourceLimits.Default with { FileSizeBytes = 1024 * 1024 });

        result.Status.ShouldBe(RunStatus.Raised, result.Message);
        result.Error.ShouldNotBeNull().Message.ShouldContain("File too large");
    }
}
