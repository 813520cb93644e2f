using System.Globalization;
using System.Text;
using CodeGrader.Core.Execution;
using CodeGrader.Core.Values;
using CodeGrader.Sandbox.Bubblewrap;

namespace CodeGrader.Sandbox.Tests;

/// <summary>
/// Sandboxes built ahead of need (<see cref="BubblewrapConfinement.PrepareToStartOnSignal"/>, <see cref="LaunchReserve"/>):
/// fully confined before anything of the worker runs, started by one byte the command never sees, each used once.
/// </summary>
public class SandboxBuiltAheadTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private static readonly Lazy<WorkerOptions> Discovered = new(() => WorkerOptions.Discover());

    [SandboxFact(needsCgroup: true)]
    public async Task A_sandbox_built_ahead_is_in_its_cgroup_and_namespaces_but_runs_nothing_before_the_start_signal()
    {
        using var launch = Sandboxed.Confinement.PrepareToStartOnSignal(Sandboxed.Shell("echo started; cat <&3"), ResourceLimits.Default);
        using var child = ChildProcess.Start(launch.Command);
        launch.Started(child.Pid);
        launch.StartsOnSignal.ShouldBeTrue();

        var init = await SandboxInitAsync(child.Pid);
        await Task.Delay(300);
        ReadComm(init).ShouldBe("bwrap", "the command must not run before the start signal");
        child.Exited.IsCompleted.ShouldBeFalse();
        File.ReadAllText($"/proc/{init}/cgroup").ShouldContain(((BubblewrapLaunch)launch).Cgroup.ShouldNotBeNull().Directories[0].Split("/codegrader/")[1]);
        Namespace(init, "mnt").ShouldNotBe(Namespace(Environment.ProcessId, "mnt"));
        Namespace(init, "net").ShouldNotBe(Namespace(Environment.ProcessId, "net"));

        await child.ToChild.WriteAsync("!after the signal"u8.ToArray());
        child.ToChild.Dispose();
        var output = await new StreamReader(child.Stdout, Encoding.UTF8).ReadToEndAsync().WaitAsync(Bound);
        (await child.Exited.WaitAsync(Bound)).ExitCode.ShouldBe(0);

        output.ShouldBe("started\nafter the signal", "the command starts on the signal and never reads its byte");
    }

    [SandboxFact]
    public async Task Each_worker_from_the_reserve_is_a_fresh_confined_process_used_once()
    {
        await using var reserve = new LaunchReserve(capacity: 1);
        var options = Discovered.Value with { Confinement = Sandboxed.Confinement, Launches = reserve };
        var seen = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var armed = await WaitUntilArmedAsync(reserve, i > 0);
            await using var worker = await WorkerProcess.StartAsync(options).WaitAsync(Bound);
            if (i > 0) armed.ShouldContain(worker.LauncherPid, "the worker came from the reserve");
            var load = await worker.LoadAsync(new LoadRequest(SubmissionSource.FromText("solution.py",
                "import os, socket\nmarks = []\n" +
                "def f():\n    marks.append(1)\n" +
                "    try:\n        socket.socket(socket.AF_INET)\n        net = 'open'\n    except PermissionError:\n        net = 'denied'\n" +
                "    return [os.getpid(), len(marks), net, os.uname().nodename, os.path.exists('/etc/passwd')]\n"))).WaitAsync(Bound);
            load.Status.ShouldBe(RunStatus.Completed, load.Message);
            var result = await worker.RunTestAsync(TestRequest.ForCall("f()")).WaitAsync(Bound);
            result.Status.ShouldBe(RunStatus.Completed, result.Message);
            var items = result.Value.ShouldBeOfType<PySequence>().Items;
            items[0].ShouldBe(new PyInt(1), "the worker is PID 1 of a namespace of its own");
            items[1].ShouldBe(new PyInt(1), "no earlier call ran in this process");
            items[2].ShouldBe(new PyStr("denied"));
            items[3].ShouldBe(new PyStr(BubblewrapArguments.Hostname));
            items[4].ShouldBe(new PyBool(false));
            seen.Add(worker.LauncherPid.ToString(CultureInfo.InvariantCulture));
        }
        seen.Distinct().Count().ShouldBe(3, "every worker is a process of its own: " + string.Join(", ", seen));
    }

    [SandboxFact]
    public async Task Disposing_the_reserve_kills_the_sandboxes_it_holds()
    {
        var reserve = new LaunchReserve(capacity: 1);
        var options = Discovered.Value with { Confinement = Sandboxed.Confinement, Launches = reserve };
        reserve.Refill(options);
        var monitor = (await WaitUntilArmedAsync(reserve, true)).Single();
        var init = await SandboxInitAsync(monitor);

        await reserve.DisposeAsync();

        reserve.Count.ShouldBe(0);
        IsGone(monitor).ShouldBeTrue();
        IsGone(init).ShouldBeTrue();
        reserve.Take(options).ShouldBeNull();
    }

    [SandboxFact]
    public async Task The_reserve_never_holds_a_worker_whose_confinement_cannot_wait()
    {
        await using var reserve = new LaunchReserve(capacity: 1);
        var unconfined = Discovered.Value with { Launches = reserve };

        reserve.Refill(unconfined);
        for (var i = 0; i < 100 && reserve.Count > 0; i++) await Task.Delay(20);

        reserve.Count.ShouldBe(0);
        reserve.Take(unconfined).ShouldBeNull();
    }

    [SandboxFact]
    public async Task An_unconfined_start_never_pushes_a_sandbox_out_of_the_reserve()
    {
        await using var reserve = new LaunchReserve(capacity: 1);
        var confined = Discovered.Value with { Confinement = Sandboxed.Confinement, Launches = reserve };
        reserve.Refill(confined);
        var armed = await WaitUntilArmedAsync(reserve, true);

        await using (var reference = await WorkerProcess.StartAsync(Discovered.Value with { Launches = reserve }).WaitAsync(Bound))
        {
            reference.Ready.ShouldNotBeNull();
        }

        reserve.ArmedLauncherPids().ShouldBe(armed);
        await using var taken = reserve.Take(confined).ShouldNotBeNull();
        taken.LauncherPid.ShouldBe(armed[0]);
    }

    /// <summary>Waits until the reserve holds an armed sandbox and returns its launcher (none when none is expected yet).</summary>
    private static async Task<IReadOnlyList<int>> WaitUntilArmedAsync(LaunchReserve reserve, bool expected)
    {
        if (!expected) return [];
        var deadline = DateTime.UtcNow + Bound;
        while (reserve.ArmedLauncherPids().Count == 0 && DateTime.UtcNow < deadline) await Task.Delay(10);
        return [reserve.ArmedLauncherPids().ShouldHaveSingleItem()];
    }

    /// <summary>bubblewrap's child (the namespace's PID 1 to be) once the monitor has made it.</summary>
    private static async Task<int> SandboxInitAsync(int monitor)
    {
        var deadline = DateTime.UtcNow + Bound;
        while (DateTime.UtcNow < deadline)
        {
            var children = File.Exists($"/proc/{monitor}/task/{monitor}/children") ? File.ReadAllText($"/proc/{monitor}/task/{monitor}/children").Trim() : "";
            if (children.Length > 0 && ReadComm(monitor) == "bwrap") return int.Parse(children.Split(' ')[0], CultureInfo.InvariantCulture);
            await Task.Delay(5);
        }
        throw new TimeoutException("bubblewrap did not build the sandbox");
    }

    private static string ReadComm(int pid) => File.ReadAllText($"/proc/{pid}/comm").Trim();

    private static string Namespace(int pid, string kind) => new FileInfo($"/proc/{pid}/ns/{kind}").LinkTarget ?? "";

    private static bool IsGone(int pid) =>
        !File.Exists($"/proc/{pid}/stat") || File.ReadAllText($"/proc/{pid}/stat").Split(')')[^1].TrimStart().StartsWith('Z');
}
