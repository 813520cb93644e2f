using System.Text.Json;
using CodeGrader.Protocol;

namespace CodeGrader.Worker.ForkServer;

/// <summary>
/// A fork server's zygote, on the big-stack Python thread: Python started, the harness loaded, and no submission's
/// code ever. It then forks one child per request from this quiescent point (no watchdog thread yet; the runtime's
/// other threads parked in waits), each child PID 1 of a fresh PID namespace, confines itself
/// (<see cref="ChildConfinement"/>) and serves one submission on its own channel. The zygote reaps its children and
/// reports each exit to the host; it never reads from a child and no child can reach it.
/// </summary>
internal sealed unsafe class ZygoteLoop(WorkerSettings settings, ControlSocket control, byte[] seccompFilter)
{
    private readonly Dictionary<int, (ulong Id, int Pidfd)> _children = [];
    private int _ownPidNamespace = -1;

    /// <summary>Runs until the host closes the control socket; returns only in the zygote (a child ends with <c>_exit</c>).</summary>
    public void Run()
    {
        var prepared = PreparedInterpreter.Start(settings, _ => ReadOnlyMemory<byte>.Empty);
        _ownPidNamespace = Kernel.Open("/proc/self/ns/pid", Kernel.O_RDONLY | Kernel.O_CLOEXEC);
        if (_ownPidNamespace < 0) throw new IOException($"cannot open /proc/self/ns/pid (errno {Kernel.Errno})");
        var runtime = prepared.Runtime;
        var ready = new ReadyMessage(runtime.Version.ToString(), Libc.GetPid());
        control.Send([(byte)ForkServerMessageKind.Ready, .. JsonSerializer.SerializeToUtf8Bytes(ready, ProtocolJson.Default.ReadyMessage)]);
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

    /// <returns>Null when the child was forked (and reported), else why not.</returns>
    private string? Fork(PreparedInterpreter prepared, ForkRequest request, int[] descriptors)
    {
        try
        {
            // The child, and only it, goes into a fresh PID namespace as its PID 1; the zygote goes back to its own after.
            if (Kernel.Unshare(Kernel.CLONE_NEWPID) != 0) return $"unshare(CLONE_NEWPID) failed (errno {Kernel.Errno})";
            var pid = prepared.Runtime.Fork(Kernel.Fork);
            if (pid == 0) RunChild(prepared, request, descriptors);
            var forkErrno = Kernel.Errno;
            if (Kernel.SetNs(_ownPidNamespace, Kernel.CLONE_NEWPID) != 0)
            {
                Console.Error.WriteLine($"codegrader-worker (zygote): cannot return to its own PID namespace (errno {Kernel.Errno})");
                Libc.Exit(70);
            }
            if (pid < 0) return $"fork failed (errno {forkErrno})";
            var pidfd = Kernel.PidfdOpen(pid);
            if (pidfd < 0)
            {
                Console.Error.WriteLine($"codegrader-worker (zygote): pidfd_open failed (errno {Kernel.Errno})");
                Libc.Exit(70);
            }
            _children[pid] = (request.Id, pidfd);
            control.Send(ForkServerAnswers.Forked(request.Id), pidfd);
            return null;
        }
        finally
        {
            foreach (var d in descriptors) Kernel.Close(d);
        }
    }

    /// <summary>In the child: confine, then serve one submission on descriptors 3 and 4, and end with <c>_exit</c>.</summary>
    private void RunChild(PreparedInterpreter prepared, ForkRequest request, int[] descriptors)
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
            WorkerLoop.Serve(prepared, channel);
        }
        catch (Exception e)
        {
            status = 70;
            WorkerFailure.Report(channel, e);
        }
        Libc.Exit(status);
    }

    /// <summary>Waits, without the GIL, until a request arrives or a child ends; true when a request is waiting.</summary>
    private bool WaitForWork()
    {
        var fds = stackalloc Kernel.PollFd[1 + _children.Count];
        fds[0] = new Kernel.PollFd { Fd = control.Fd, Events = Kernel.POLLIN };
        var i = 1;
        foreach (var (_, child) in _children) fds[i++] = new Kernel.PollFd { Fd = child.Pidfd, Events = Kernel.POLLIN };
        while (Kernel.Poll(fds, (nuint)i, -1) < 0)
        {
            if (Kernel.Errno != Kernel.EINTR) throw new IOException($"poll failed (errno {Kernel.Errno})");
        }
        return fds[0].Revents != 0;
    }

    private void ReapExited()
    {
        var usage = stackalloc byte[144];
        int status;
        while (true)
        {
            var pid = Kernel.Wait4(-1, &status, Kernel.WNOHANG, usage);
            if (pid <= 0) return;
            if (!_children.Remove(pid, out var child)) continue;
            Kernel.Close(child.Pidfd);
            var maxRss = *(long*)(usage + 32) * 1024;
            control.Send(ForkServerAnswers.Exited(child.Id, status, maxRss));
        }
    }
}
