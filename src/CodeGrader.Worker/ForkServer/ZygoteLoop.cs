using System.Text.Json;
using CodeGrader.Protocol;

namespace CodeGrader.Worker.ForkServer;

/// <summary>
/// A fork server's zygote, on the big-stack Python thread: Python started, the harness loaded, and no submission's
/// code ever. Per request it forks, from this quiescent point (no watchdog thread yet; the runtime's other threads
/// parked in waits), the worker as PID 1 of a fresh PID namespace: <c>unshare(CLONE_NEWPID)</c> for its children,
/// the fork, then <c>setns</c> back to its own namespace (a second unshare is refused while the first one's namespace
/// is still the one for children, and so is a thread). The worker joins its cgroup, confines itself
/// (<see cref="ChildConfinement"/>) and serves one submission on its own channel; the zygote hands the host a pidfd
/// of it, reaps it and reports its wait status. Nothing ever reads from a worker into the zygote, and no worker can
/// reach it.
/// </summary>
internal sealed unsafe class ZygoteLoop(WorkerSettings settings, ControlSocket control, byte[] seccompFilter)
{
    private readonly Dictionary<int, (ulong Id, int Pidfd)> _workers = [];
    private int _ownPidNamespace = -1;

    /// <summary>Runs until the host closes the control socket; returns only in the zygote (workers end with <c>_exit</c>).</summary>
    public void Run()
    {
        UserNamespaceLimit.ForbidNewUserNamespaces();
        _ownPidNamespace = Kernel.Open("/proc/thread-self/ns/pid", Kernel.O_RDONLY | Kernel.O_CLOEXEC);
        if (_ownPidNamespace < 0) throw new IOException($"cannot open the zygote's own PID namespace (errno {Kernel.Errno})");
        var prepared = PreparedInterpreter.Start(settings, _ => ReadOnlyMemory<byte>.Empty, ZygoteArenas.Install);
        var runtime = prepared.Runtime;
        ZygoteMalloc.Configure();
        PreloadedModules.Import(runtime);
        ForkedWorkerWarmUp.Run();
        ForkedWorkerWarmUp.RunHarness(prepared);
        ZygoteMalloc.GrowHeapAhead();
        var ready = new ZygoteReadyMessage(runtime.Version.ToString(), Libc.GetPid(), SharedPages.Measure(runtime));
        control.Send([(byte)ForkServerMessageKind.Ready, .. JsonSerializer.SerializeToUtf8Bytes(ready, ProtocolJson.Default.ZygoteReadyMessage)]);
        while (true)
        {
            bool requestWaiting;
            using (runtime.ReleaseGil()) requestWaiting = WaitForWork();
            ReapExited();
            if (!requestWaiting) continue;
            var received = control.Receive();
            if (received is not { } message) return;
            var (request, descriptors) = (ForkRequest.Decode(message.Message), message.Descriptors);
            if (descriptors.Length != ForkRequest.FixedDescriptors + request.CgroupFiles)
            {
                foreach (var d in descriptors) Kernel.Close(d);
                control.Send(ForkServerAnswers.Failed(request.Id, $"expected {ForkRequest.FixedDescriptors + request.CgroupFiles} descriptors, got {descriptors.Length}"));
                continue;
            }
            if (Fork(prepared, request, descriptors) is { } failure) control.Send(ForkServerAnswers.Failed(request.Id, failure));
        }
    }

    /// <returns>Null when the worker was forked (and reported to the host), else why not.</returns>
    private string? Fork(PreparedInterpreter prepared, ForkRequest request, int[] descriptors)
    {
        try
        {
            if (Kernel.Unshare(Kernel.CLONE_NEWPID) != 0) return $"unshare(CLONE_NEWPID) failed (errno {Kernel.Errno})";
            var pid = ZygoteMemory.Fork(prepared.Runtime, () => JoinCgroups(request, descriptors));
            var forkErrno = Kernel.Errno;
            if (pid == 0) RunWorker(prepared, request, descriptors);
            // Back to this process's own namespace for children at once: until then no thread can be started here.
            if (Kernel.SetNs(_ownPidNamespace, Kernel.CLONE_NEWPID) != 0) Die($"setns back to its own PID namespace failed (errno {Kernel.Errno})");
            if (pid < 0) return $"fork failed (errno {forkErrno})";
            var pidfd = Kernel.PidfdOpen(pid);
            if (pidfd < 0) Die($"pidfd_open failed (errno {Kernel.Errno})");
            _workers[pid] = (request.Id, pidfd);
            control.Send(ForkServerAnswers.Forked(request.Id), pidfd);
            return null;
        }
        finally
        {
            foreach (var d in descriptors) Kernel.Close(d);
        }
    }

    private static void Die(string why)
    {
        Libc.WriteError($"codegrader-worker (zygote): {why}");
        Libc.Exit(70);
    }

    /// <summary>In a worker that cannot join its cgroup, before any confinement: tells the host why and ends.</summary>
    private void Abandon(ForkRequest request, string what)
    {
        var reason = $"{what} failed (errno {Kernel.Errno})";
        Libc.WriteError($"codegrader-worker (forked): {reason}");
        try
        {
            control.Send(ForkServerAnswers.Failed(request.Id, reason));
        }
        catch (IOException)
        {
            // The host is gone.
        }
        Libc.Exit(70);
    }

    /// <summary>In the worker, straight after the fork: into its cgroup, before the zygote's memory it writes to is copied into pages charged to it.</summary>
    private void JoinCgroups(ForkRequest request, int[] descriptors)
    {
        for (var i = ForkRequest.FixedDescriptors; i < descriptors.Length; i++)
        {
            if (!ChildConfinement.JoinCgroup(descriptors[i])) Abandon(request, "joining the worker's cgroup");
        }
    }

    /// <summary>In the worker, PID 1 of its namespace, in its cgroup: confine, then serve one submission on descriptors 3 and 4, and end with <c>_exit</c>.</summary>
    private void RunWorker(PreparedInterpreter prepared, ForkRequest request, int[] descriptors)
    {
        ChildConfinement.Apply(request, descriptors, seccompFilter);
        var status = 0;
        var channel = new FdChannel(3, 4);
        try
        {
            // The host opens every worker's channel with a Harness frame; this one has its harness already.
            var first = WorkerLoop.ReadGilFree(prepared.Runtime, channel);
            if (first is not { Kind: FrameKind.Harness })
                throw new InvalidDataException($"expected a {FrameKind.Harness} frame first, got {first?.Kind.ToString() ?? "end of stream"}");
            // No watchdog thread: in a forked NativeAOT process, the runtime's garbage collector spins for ever once a
            // managed thread has been started after the fork (docs/fork-server.md). A timer signal instead.
            WorkerLoop.Serve(prepared, channel, offerHarness: false, new AlarmDeadline(prepared.Runtime));
        }
        catch (Exception e)
        {
            status = 70;
            WorkerFailure.Report(channel, e);
        }
        Libc.Exit(status);
    }

    /// <summary>Waits, without the GIL, until a request arrives or a worker ends; true when a request is waiting.</summary>
    private bool WaitForWork()
    {
        var fds = stackalloc Kernel.PollFd[1 + _workers.Count];
        fds[0] = new Kernel.PollFd { Fd = control.Fd, Events = Kernel.POLLIN };
        var i = 1;
        foreach (var (_, worker) in _workers) fds[i++] = new Kernel.PollFd { Fd = worker.Pidfd, Events = Kernel.POLLIN };
        while (Kernel.Poll(fds, (nuint)i, -1) < 0)
        {
            if (Kernel.Errno != Kernel.EINTR) throw new IOException($"poll failed (errno {Kernel.Errno})");
        }
        return fds[0].Revents != 0;
    }

    /// <summary>Reaps the workers that ended and reports each one's wait status and peak resident memory to the host.</summary>
    private void ReapExited()
    {
        int status;
        var usage = stackalloc byte[144];
        while (true)
        {
            var pid = Kernel.Wait4(-1, &status, Kernel.WNOHANG, usage);
            if (pid <= 0) return;
            if (!_workers.Remove(pid, out var worker)) continue;
            Kernel.Close(worker.Pidfd);
            // struct rusage: two timevals, then ru_maxrss in KiB.
            control.Send(ForkServerAnswers.Exited(worker.Id, status, *(long*)(usage + 32) * 1024));
        }
    }
}
