using CodeGrader.Core.Execution;
using CodeGrader.Sandbox.Bubblewrap;
using CodeGrader.Sandbox.Cgroups;

namespace CodeGrader.Sandbox.Tests;

/// <summary>Real sandboxes hitting their limits: memory, processes, file size, CPU, descriptors; and nothing left behind.</summary>
public class SandboxLimitTests
{
    private const long MiB = 1024 * 1024;

    [SandboxFact(needsCgroup: true)]
    public async Task The_memory_limit_triggers_the_oom_killer_and_usage_reports_it_with_the_peak()
    {
        var limits = ResourceLimits.Default with { MemoryBytes = 64 * MiB };
        using var launch = Sandboxed.Confinement.Prepare(Sandboxed.Python("b = b'\\x01' * (256 << 20)\nprint('survived')"), limits);

        var run = await Sandboxed.RunAsync(launch);

        run.Stdout.ShouldNotContain("survived", customMessage: run.ToString());
        run.Usage.OutOfMemory.ShouldBeTrue(run.ToString());
        run.Usage.PeakMemoryBytes.ShouldNotBeNull().ShouldBeGreaterThan(32 * MiB);
        run.Usage.PeakMemoryBytes.ShouldNotBeNull().ShouldBeLessThanOrEqualTo(64 * MiB);
        launch.WorkerExit(run.Exit).Signal.ShouldBe(9);
    }

    [SandboxFact(needsCgroup: true)]
    public async Task Small_programs_are_not_reported_out_of_memory()
    {
        var run = await Sandboxed.RunAsync(Sandboxed.Python("x = list(range(100000))"));

        run.ExitCode.ShouldBe(0, run.ToString());
        run.Usage.OutOfMemory.ShouldBeFalse();
        run.Usage.ProcessLimitHit.ShouldBeFalse();
        run.Usage.PeakMemoryBytes.ShouldNotBeNull().ShouldBeGreaterThan(MiB);
    }

    [SandboxFact]
    public async Task Without_a_memory_cgroup_the_data_rlimit_turns_a_memory_bomb_into_MemoryError()
    {
        var degraded = SandboxAvailability.Probe(useCgroups: false).Confinement.ShouldNotBeNull();
        var limits = ResourceLimits.Default with { MemoryBytes = 64 * MiB };
        using var launch = degraded.Prepare(Sandboxed.Python(
            "try:\n    b = bytearray(256 << 20)\n    print('allocated')\nexcept MemoryError:\n    print('MemoryError')\n" +
            "small = bytearray(16 << 20); print('small ok')"), limits);

        var run = await Sandboxed.RunAsync(launch);

        run.Stdout.ShouldContain("MemoryError", customMessage: run.ToString());
        run.Stdout.ShouldContain("small ok");
        run.Usage.ShouldBe(ConfinedUsage.Unknown);
    }

    [SandboxFact(needsCgroup: true)]
    public async Task The_process_limit_stops_a_fork_bomb_and_usage_reports_it()
    {
        var limits = ResourceLimits.Default with { Processes = 6 };
        var run = await Sandboxed.RunAsync(Sandboxed.Python(
            "import os, time\n" +
            "n = 0\n" +
            "try:\n" +
            "    for _ in range(200):\n" +
            "        if os.fork() == 0:\n" +
            "            time.sleep(60); os._exit(0)\n" +
            "        n += 1\n" +
            "except OSError as e:\n" +
            "    print('refused after', n, 'errno', e.errno, flush=True)\n"), limits);

        run.Stdout.ShouldContain("refused after", customMessage: run.ToString());
        run.Stdout.ShouldContain("errno 11");
        var forks = int.Parse(run.Stdout.Split(' ')[2], System.Globalization.CultureInfo.InvariantCulture);
        forks.ShouldBeLessThan(6);
        run.Usage.ProcessLimitHit.ShouldBeTrue();
    }

    [SandboxFact(needsCgroup: true)]
    public async Task KillAll_leaves_nothing_behind_not_even_a_setsid_background_child()
    {
        using var launch = Sandboxed.Confinement.Prepare(
            Sandboxed.Shell("setsid sh -c 'sleep 300' & sleep 300 & echo started; wait"), ResourceLimits.Default);
        var cgroup = ((BubblewrapLaunch)launch).Cgroup.ShouldNotBeNull();
        using var child = ChildProcess.Start(launch.Command);
        using var stdout = new StreamReader(child.Stdout);
        (await stdout.ReadLineAsync().WaitAsync(Sandboxed.Timeout)).ShouldBe("started");
        await SleepersAsync(cgroup.Directories[0], 2); // the detached one and the background one


        launch.KillAll();

        var exit = await child.Exited.WaitAsync(TimeSpan.FromSeconds(10));
        exit.Signal.ShouldBe(9);
        foreach (var directory in cgroup.Directories) CgroupFiles.ProcessIds(directory).ShouldBeEmpty();
    }

    [SandboxFact(needsCgroup: true)]
    public async Task Killing_only_the_launched_process_still_ends_everything_in_the_sandbox()
    {
        using var launch = Sandboxed.Confinement.Prepare(
            Sandboxed.Shell("setsid sh -c 'sleep 300' & echo started; sleep 300"), ResourceLimits.Default);
        var cgroup = ((BubblewrapLaunch)launch).Cgroup.ShouldNotBeNull();
        using var child = ChildProcess.Start(launch.Command);
        using var stdout = new StreamReader(child.Stdout);
        (await stdout.ReadLineAsync().WaitAsync(Sandboxed.Timeout)).ShouldBe("started");

        child.Kill(); // what the host does at a deadline; the PID namespace takes the rest down

        await child.Exited.WaitAsync(TimeSpan.FromSeconds(10));
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (CgroupFiles.ProcessIds(cgroup.Directories[0]).Count > 0 && DateTime.UtcNow < deadline) await Task.Delay(10);
        CgroupFiles.ProcessIds(cgroup.Directories[0]).ShouldBeEmpty();
    }

    [SandboxFact(needsCgroup: true)]
    public async Task An_emptied_worker_cgroup_is_kept_for_the_next_worker_with_its_usage_started_afresh()
    {
        var first = Sandboxed.Confinement.Prepare(Sandboxed.Python("x = bytearray(40 * 1024 * 1024)"), ResourceLimits.Default);
        var directories = ((BubblewrapLaunch)first).Cgroup.ShouldNotBeNull().Directories;
        var big = await Sandboxed.RunAsync(first);
        var bigPeak = first.Usage().PeakMemoryBytes.ShouldNotBeNull();
        first.Dispose();

        big.ExitCode.ShouldBe(0, big.ToString());
        bigPeak.ShouldBeGreaterThan(40L * 1024 * 1024);
        directories.ShouldAllBe(d => Directory.Exists(d) && CgroupFiles.IsEmpty(d));

        using var second = Sandboxed.Confinement.Prepare(Sandboxed.Shell("true"), ResourceLimits.Default);
        ((BubblewrapLaunch)second).Cgroup.ShouldNotBeNull().Directories.ShouldBe(directories);
        (await Sandboxed.RunAsync(second)).ExitCode.ShouldBe(0);
        var usage = second.Usage();
        usage.PeakMemoryBytes.ShouldNotBeNull().ShouldBeLessThan(bigPeak / 2);
        usage.OutOfMemory.ShouldBeFalse();
        usage.ProcessLimitHit.ShouldBeFalse();
    }

    [SandboxFact]
    public async Task Writing_past_the_file_size_limit_kills_with_SIGXFSZ()
    {
        var limits = ResourceLimits.Default with { FileSizeBytes = MiB };

        var run = await Sandboxed.RunAsync(Sandboxed.Shell("head -c 3000000 /dev/zero > big; echo status=$?; wc -c < big"), limits);

        run.Stdout.ShouldStartWith("status=153\n", customMessage: run.ToString()); // 128 + SIGXFSZ
        run.Stdout.ShouldEndWith("1048576\n");
    }

    [SandboxFact]
    public async Task Python_which_ignores_SIGXFSZ_gets_EFBIG_at_the_file_size_limit()
    {
        var limits = ResourceLimits.Default with { FileSizeBytes = MiB };

        var run = await Sandboxed.RunAsync(Sandboxed.Python(
            "import os\nf = open('big', 'wb', buffering=0)\ntry:\n    f.write(b'x' * (2 << 20)); f.write(b'x')\n" +
            "except OSError as e:\n    print('refused', e.errno, os.path.getsize('big'))"), limits);

        run.Stdout.ShouldBe("refused 27 1048576\n", run.ToString());
    }

    [SandboxFact]
    public async Task The_cpu_limit_kills_a_busy_loop_with_SIGKILL_not_an_ignorable_signal()
    {
        var limits = ResourceLimits.Default with { CpuTime = TimeSpan.FromSeconds(1) };
        using var launch = Sandboxed.Confinement.Prepare(
            Sandboxed.Python("import signal\nsignal.signal(signal.SIGXCPU, signal.SIG_IGN)\nwhile True: pass"), limits);

        var run = await Sandboxed.RunAsync(launch, TimeSpan.FromSeconds(20));

        run.TimedOut.ShouldBeFalse(run.ToString());
        launch.WorkerExit(run.Exit).Signal.ShouldBe(9, run.ToString());
    }

    [SandboxFact]
    public async Task Open_descriptors_are_limited()
    {
        var limits = ResourceLimits.Default with { OpenFiles = 32 };

        var run = await Sandboxed.RunAsync(Sandboxed.Python(
            "files = []\ntry:\n    for _ in range(100): files.append(open('/dev/null'))\nexcept OSError as e:\n    print('refused', e.errno, len(files))"), limits);

        run.Stdout.ShouldContain("refused 24", customMessage: run.ToString());
    }

    [SandboxFact]
    public async Task A_sandbox_outlives_the_thread_that_spawned_it()
    {
        // --die-with-parent is PR_SET_PDEATHSIG, tied to the spawning *thread*: ChildProcess spawns from its own long-lived thread.
        using var launch = Sandboxed.Confinement.Prepare(Sandboxed.Shell("sleep 0.5; echo alive"), ResourceLimits.Default);
        ChildProcess? child = null;
        var spawner = new Thread(() => child = ChildProcess.Start(launch.Command));
        spawner.Start();
        spawner.Join();

        using var started = child.ShouldNotBeNull();
        using var stdout = new StreamReader(started.Stdout);
        var output = await stdout.ReadToEndAsync().WaitAsync(Sandboxed.Timeout);
        var exit = await started.Exited.WaitAsync(Sandboxed.Timeout);

        output.ShouldBe("alive\n", exit.ToString());
        exit.ExitCode.ShouldBe(0);
    }

    /// <summary>Waits until the cgroup holds <paramref name="count"/> processes running <c>sleep</c> (forked, then exec'd).</summary>
    private static async Task SleepersAsync(string cgroupDirectory, int count)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var sleepers = CgroupFiles.ProcessIds(cgroupDirectory).Count(pid => Comm(pid) == "sleep");
            if (sleepers >= count) return;
            clock.Elapsed.ShouldBeLessThan(Sandboxed.Timeout, $"{sleepers} of {count} sleep processes in the cgroup");
            await Task.Delay(10);
        }
    }

    private static string? Comm(int pid)
    {
        try { return File.ReadAllText($"/proc/{pid}/comm").Trim(); }
        catch (IOException) { return null; }
    }
}
