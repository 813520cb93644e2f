using System.Collections.Immutable;
using System.IO.Pipes;
using Microsoft.Win32.SafeHandles;
using System.Runtime.InteropServices;
using CodeGrader.Core.Execution.Native;

namespace CodeGrader.Core.Execution;

/// <summary>
/// A child started with <c>posix_spawn</c> in a session of its own, with the channel on descriptors 3 and 4,
/// stdin from <c>/dev/null</c>, and stdout and stderr on pipes. Reaped by a dedicated thread through
/// <c>wait4</c>, so its exit status and peak memory are never lost.
/// </summary>
internal sealed unsafe class ChildProcess : IDisposable
{
    private readonly TaskCompletionSource<ChildExit>? _reaped; // set by the reaper thread of a child this process started
    private readonly Action? _kill;
    private int _killed;

    private ChildProcess(int pid, Stream toChild, Stream fromChild, Stream stdout, Stream stderr, int channelCapacity, Task<ChildExit>? exited = null, Action? kill = null)
    {
        Pid = pid;
        ChannelCapacity = channelCapacity;
        ToChild = toChild;
        FromChild = fromChild;
        Stdout = stdout;
        Stderr = stderr;
        _kill = kill;
        if (exited is not null)
        {
            // Whoever reports the end (the zygote's reader thread) hands what waits for it to the thread pool: one hop.
            Exited = exited;
            return;
        }
        // The reaper thread must go on to its end: what waits for the exit runs on the thread pool.
        _reaped = new TaskCompletionSource<ChildExit>(TaskCreationOptions.RunContinuationsAsynchronously);
        Exited = _reaped.Task;
        var reaper = new Thread(Reap, 256 * 1024) { IsBackground = true, Name = $"reap-{pid}" };
        reaper.Start();
    }

    public int Pid { get; }
    public Stream ToChild { get; }
    public Stream FromChild { get; }
    public Stream Stdout { get; }
    public Stream Stderr { get; }

    /// <summary>The bytes the pipe to the child holds before a write blocks (64 KiB unless the system is short of pipe pages).</summary>
    public int ChannelCapacity { get; }
    /// <summary>The child's end (never faulted); what waits for it resumes on the thread pool, never on the thread that learnt of it.</summary>
    public Task<ChildExit> Exited { get; }
    public bool WasKilled => Volatile.Read(ref _killed) != 0;

    /// <summary>
    /// Starts <paramref name="command"/> from the spawner thread (see <see cref="SpawnerThread"/>); with
    /// <paramref name="control"/>, that socket is the child's descriptors 3 and 4 instead of the channel's pipes (a
    /// fork server's zygote; <see cref="ToChild"/> and <see cref="FromChild"/> are then empty streams).
    /// </summary>
    public static ChildProcess Start(WorkerCommand command, SafeHandle? control = null) => SpawnerThread.Run(() => StartHere(command, control));

    /// <summary>
    /// A child some other process started and reaps (a fork server's zygote): its streams, its end as that process
    /// reports it, and how to kill it. <paramref name="exited"/> must complete with the child's end, never fault, and run
    /// its continuations on the thread pool (<see cref="TaskCreationOptions.RunContinuationsAsynchronously"/>): what waits
    /// for the child's end runs there.
    /// </summary>
    public static ChildProcess Adopt(int pid, Stream toChild, Stream fromChild, Stream stdout, Stream stderr, Task<ChildExit> exited, Action kill) =>
        new(pid, toChild, fromChild, stdout, stderr, PipeCapacity(toChild), exited, kill);

    /// <summary>The bytes a pipe holds before a write blocks; 4 KiB (the least a pipe holds) when it cannot be read.</summary>
    private static int PipeCapacity(Stream stream)
    {
        var capacity = stream is PipeStream pipe ? Posix.Fcntl(Fd(pipe.SafePipeHandle), Posix.F_GETPIPE_SZ) : 0;
        return capacity > 0 ? capacity : 4096;
    }

    private static ChildProcess StartHere(WorkerCommand command, SafeHandle? control)
    {
        var toChild = new AnonymousPipeServerStream(PipeDirection.Out, HandleInheritability.None);
        var fromChild = new AnonymousPipeServerStream(PipeDirection.In, HandleInheritability.None);
        var stdout = new AnonymousPipeServerStream(PipeDirection.In, HandleInheritability.None);
        var stderr = new AnonymousPipeServerStream(PipeDirection.In, HandleInheritability.None);
        var actions = (nint)NativeMemory.AllocZeroed(Posix.OpaqueSize);
        var attributes = (nint)NativeMemory.AllocZeroed(Posix.OpaqueSize);
        var signals = (nint)NativeMemory.AllocZeroed(256);
        var strings = new List<nint>();
        try
        {
            Check(Posix.FileActionsInit(actions), "posix_spawn_file_actions_init");
            Check(Posix.FileActionsAddOpen(actions, 0, "/dev/null", Posix.O_RDONLY, 0), "addopen stdin");
            Check(Posix.FileActionsAddDup2(actions, Fd(stdout.ClientSafePipeHandle), 1), "dup2 stdout");
            Check(Posix.FileActionsAddDup2(actions, Fd(stderr.ClientSafePipeHandle), 2), "dup2 stderr");
            var channelIn = control is null ? Fd(toChild.ClientSafePipeHandle) : (int)control.DangerousGetHandle();
            var channelOut = control is null ? Fd(fromChild.ClientSafePipeHandle) : (int)control.DangerousGetHandle();
            Check(Posix.FileActionsAddDup2(actions, channelIn, 3), "dup2 channel in");
            Check(Posix.FileActionsAddDup2(actions, channelOut, 4), "dup2 channel out");
            // Nothing else of the host's reaches the child, even descriptors someone opened without O_CLOEXEC.
            Check(Posix.FileActionsAddCloseFrom(actions, 5), "closefrom 5");
            Check(Posix.AttrInit(attributes), "posix_spawnattr_init");
            Check(Posix.AttrSetFlags(attributes, Posix.POSIX_SPAWN_SETSID | Posix.POSIX_SPAWN_SETSIGMASK | Posix.POSIX_SPAWN_SETSIGDEF), "setflags");
            Check(Posix.SigEmptySet(signals), "sigemptyset");
            Check(Posix.AttrSetSigMask(attributes, signals), "setsigmask");
            Check(Posix.SigFillSet(signals + 128), "sigfillset");
            Check(Posix.AttrSetSigDefault(attributes, signals + 128), "setsigdefault");

            var argv = Terminated([command.Executable, .. command.Arguments], strings);
            var envp = Terminated(command.Environment.Select(kv => $"{kv.Key}={kv.Value}").ToImmutableArray(), strings);
            int pid;
            fixed (nint* argvPointer = argv)
            fixed (nint* envPointer = envp)
            {
                var error = Posix.Spawn(out pid, command.Executable, actions, attributes, argvPointer, envPointer);
                if (error != 0) throw new WorkerStartException($"Could not start {command.Executable}: {Posix.StrError(error)}.");
            }
            toChild.DisposeLocalCopyOfClientHandle();
            fromChild.DisposeLocalCopyOfClientHandle();
            stdout.DisposeLocalCopyOfClientHandle();
            stderr.DisposeLocalCopyOfClientHandle();
            if (control is not null)
            {
                toChild.Dispose();
                fromChild.Dispose();
                return new ChildProcess(pid, Stream.Null, Stream.Null, stdout, stderr, 4096);
            }
            return new ChildProcess(pid, toChild, fromChild, stdout, stderr, PipeCapacity(toChild));
        }
        catch
        {
            toChild.Dispose();
            fromChild.Dispose();
            stdout.Dispose();
            stderr.Dispose();
            throw;
        }
        finally
        {
            _ = Posix.FileActionsDestroy(actions);
            _ = Posix.AttrDestroy(attributes);
            NativeMemory.Free((void*)actions);
            NativeMemory.Free((void*)attributes);
            NativeMemory.Free((void*)signals);
            foreach (var s in strings) Marshal.FreeCoTaskMem(s);
        }
    }

    /// <summary>SIGKILL to the child's whole session-led process group and to the child itself.</summary>
    public void Kill()
    {
        Interlocked.Exchange(ref _killed, 1);
        if (Exited.IsCompleted) return;
        if (_kill is not null)
        {
            _kill();
            return;
        }
        _ = Posix.Kill(-Pid, Posix.SIGKILL);
        _ = Posix.Kill(Pid, Posix.SIGKILL);
    }

    public void Dispose()
    {
        Kill();
        ToChild.Dispose();
        FromChild.Dispose();
        Stdout.Dispose();
        Stderr.Dispose();
    }

    private void Reap()
    {
        var usage = (nint)NativeMemory.AllocZeroed(Posix.RusageSize);
        try
        {
            while (true)
            {
                var result = Posix.Wait4(Pid, out var status, 0, usage);
                if (result == Pid)
                {
                    var maxRss = *(long*)(usage + Posix.RusageMaxRssOffset) * 1024;
                    var signal = status & 0x7f;
                    _reaped!.TrySetResult(signal == 0
                        ? new ChildExit((status >> 8) & 0xff, null, maxRss)
                        : new ChildExit(null, signal, maxRss));
                    return;
                }
                var errno = Marshal.GetLastPInvokeError();
                if (errno == Posix.EINTR) continue;
                _reaped!.TrySetResult(new ChildExit(null, null, 0));
                return;
            }
        }
        finally
        {
            NativeMemory.Free((void*)usage);
        }
    }

    private static int Fd(SafePipeHandle handle) => (int)handle.DangerousGetHandle();

    private static nint[] Terminated(ImmutableArray<string> values, List<nint> owned)
    {
        var array = new nint[values.Length + 1];
        for (var i = 0; i < values.Length; i++)
        {
            array[i] = Marshal.StringToCoTaskMemUTF8(values[i]);
            owned.Add(array[i]);
        }
        return array;
    }

    private static void Check(int result, string what)
    {
        if (result != 0) throw new WorkerStartException($"Could not prepare the worker process ({what}): {Posix.StrError(result)}.");
    }
}
