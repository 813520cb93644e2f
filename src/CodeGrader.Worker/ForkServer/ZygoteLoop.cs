using System.Text.Json;
using CodeGrader.Protocol;

namespace CodeGrader.Worker.ForkServer;

/// <summary>
/// A fork server's zygote, on the big-stack Python thread: Python started, the harness loaded, and no submission's
/// code ever. Per request it forks, from this quiescent point (no watchdog thread yet; the runtime's other threads
/// parked in waits), a monitor, which joins the worker's cgroup, makes a fresh PID namespace and forks the worker into
/// it as PID 1 (a second unshare(CLONE_NEWPID) from the zygote itself would be refused). The worker confines itself
/// (<see cref="ChildConfinement"/>) and serves one submission on its own channel; the monitor reports it to the host
/// and reaps it. Nothing ever reads from a worker into the zygote, and no worker can reach it.
/// </summary>
internal sealed unsafe class ZygoteLoop(WorkerSettings settings, ControlSocket control, byte[] seccompFilter)
{
    private readonly Dictionary<int, (ulong Id, int Pidfd)> _monitors = [];

    /// <summary>Runs until the host closes the control socket; returns only in the zygote (monitors and workers end with <c>_exit</c>).</summary>
    public void Run()
    {
        UserNamespaceLimit.ForbidNewUserNamespaces();
        var prepared = PreparedInterpreter.Start(settings, _ => ReadOnlyMemory<byte>.Empty);
        var runtime = prepared.Runtime;
        PreloadedModules.Import(runtime);
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

    /// <returns>Null when the monitor was forked (it reports the worker itself), else why not.</returns>
    private string? Fork(PreparedInterpreter prepared, ForkRequest request, int[] descriptors)
    {
        try
        {
            var pid = prepared.Runtime.Fork(Kernel.Fork);
            if (pid == 0) RunMonitor(prepared, request, descriptors);
            if (pid < 0) return $"fork failed (errno {Kernel.Errno})";
            var pidfd = Kernel.PidfdOpen(pid);
            if (pidfd < 0)
            {
                Libc.WriteError($"codegrader-worker (zygote): pidfd_open failed (errno {Kernel.Errno})");
                Libc.Exit(70);
            }
            _monitors[pid] = (request.Id, pidfd);
            return null;
        }
        finally
        {
            foreach (var d in descriptors) Kernel.Close(d);
        }
    }

    /// <summary>
    /// In the monitor (the zygote's child, like bubblewrap's own monitor): joins the worker's cgroup, makes the fresh
    /// PID namespace and forks the worker into it as its PID 1, hands the host a pidfd of the worker, reaps it, reports
    /// its wait status and ends. Runs no submission code; dies with the zygote, and the worker dies with it.
    /// </summary>
    private void RunMonitor(PreparedInterpreter prepared, ForkRequest request, int[] descriptors)
    {
        try
        {
            if (Kernel.Prctl(Kernel.PR_SET_PDEATHSIG, Kernel.SIGKILL, 0, 0, 0) != 0) Abandon(request, "prctl(PR_SET_PDEATHSIG)");
            for (var i = ForkRequest.FixedDescriptors; i < descriptors.Length; i++)
            {
                if (!ChildConfinement.JoinCgroup(descriptors[i])) Abandon(request, "joining the worker's cgroup");
            }
            if (Kernel.Unshare(Kernel.CLONE_NEWPID) != 0) Abandon(request, "unshare(CLONE_NEWPID)");
            var pid = prepared.Runtime.Fork(Kernel.Fork);
            if (pid == 0) RunWorker(prepared, request, descriptors);
            if (pid < 0) Abandon(request, "fork");
            foreach (var d in descriptors) Kernel.Close(d);
            var pidfd = Kernel.PidfdOpen(pid);
            if (pidfd < 0) Abandon(request, "pidfd_open");
            control.Send(ForkServerAnswers.Forked(request.Id), pidfd);
            var usage = stackalloc byte[144];
            int status;
            while (Kernel.Wait4(pid, &status, 0, usage) < 0)
            {
                if (Kernel.Errno != Kernel.EINTR) Abandon(request, "wait4");
            }
            control.Send(ForkServerAnswers.Exited(request.Id, status, *(long*)(usage + 32) * 1024));
            Libc.Exit(0);
        }
        catch (Exception e)
        {
            Libc.WriteError($"codegrader-worker (monitor): {e}");
            Libc.Exit(70);
        }
    }

    private void Abandon(ForkRequest request, string what)
    {
        var reason = $"{what} failed (errno {Kernel.Errno})";
        Libc.WriteError($"codegrader-worker (monitor): {reason}");
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

    /// <summary>In the worker, PID 1 of its namespace: confine, then serve one submission on descriptors 3 and 4, and end with <c>_exit</c>.</summary>
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

    /// <summary>Waits, without the GIL, until a request arrives or a monitor ends; true when a request is waiting.</summary>
    private bool WaitForWork()
    {
        var fds = stackalloc Kernel.PollFd[1 + _monitors.Count];
        fds[0] = new Kernel.PollFd { Fd = control.Fd, Events = Kernel.POLLIN };
        var i = 1;
        foreach (var (_, monitor) in _monitors) fds[i++] = new Kernel.PollFd { Fd = monitor.Pidfd, Events = Kernel.POLLIN };
        // A second at most: a worker whose monitor died is reparented here (this is its namespace's init) and must be reaped.
        while (Kernel.Poll(fds, (nuint)i, 1000) < 0)
        {
            if (Kernel.Errno != Kernel.EINTR) throw new IOException($"poll failed (errno {Kernel.Errno})");
        }
        return fds[0].Revents != 0;
    }

    /// <summary>
    /// Reaps monitors that ended, and any worker orphaned to this process. A monitor that ended other than after
    /// reporting its worker (status 0) is reported here, so the host always learns of the end.
    /// </summary>
    private void ReapExited()
    {
        int status;
        while (true)
        {
            var pid = Kernel.Wait4(-1, &status, Kernel.WNOHANG, null);
            if (pid <= 0) return;
            if (!_monitors.Remove(pid, out var monitor)) continue;
            Kernel.Close(monitor.Pidfd);
            if (status != 0)
            {
                Libc.WriteError($"codegrader-worker (zygote): the monitor of fork {monitor.Id} ended with wait status {status}");
                control.Send(ForkServerAnswers.Exited(monitor.Id, status, 0));
            }
        }
    }
}
