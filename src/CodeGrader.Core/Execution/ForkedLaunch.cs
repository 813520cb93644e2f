using System.Globalization;
using CodeGrader.Core.Execution.Native;
using Microsoft.Win32.SafeHandles;

namespace CodeGrader.Core.Execution;

/// <summary>
/// One forked worker's confinement as the host holds it: a pidfd of exactly that process (PID 1 of its own PID
/// namespace, so its death takes everything in the namespace with it) and its cgroup, which sweeps up anything left.
/// The zygote reaps it and reports its true wait status, so <see cref="IConfinedLaunch.WorkerExit"/> needs no translation.
/// </summary>
/// <param name="sharedBytes">The zygote's pages the worker shares (<see cref="Zygote.SharedBytes"/>), added to its peak.</param>
/// <param name="reaped">Completes when the zygote reported the worker reaped (or ended itself, taking its workers with it).</param>
internal sealed class ForkedLaunch(WorkerCommand zygoteCommand, IForkedConfinement cgroup, SafeFileHandle pidfd, long sharedBytes, Task reaped) : IConfinedLaunch
{
    public WorkerCommand Command { get; } = zygoteCommand;

    public void KillChild()
    {
        if (pidfd.IsClosed) return;
        var added = false;
        try
        {
            pidfd.DangerousAddRef(ref added);
            _ = Pidfds.SendSignal((int)pidfd.DangerousGetHandle(), Posix.SIGKILL);
        }
        catch (ObjectDisposedException)
        {
            // Disposed meanwhile: the worker was reaped and released.
        }
        finally
        {
            if (added) pidfd.DangerousRelease();
        }
    }

    /// <summary>
    /// SIGKILL to the worker, PID 1 of its namespace: the kernel takes every process of the worker with it (none can
    /// leave the namespace). The cgroup is swept once the zygote reported the worker reaped: by then it is empty (every
    /// process of the namespace was reaped before its PID 1), read once; swept before, it would be polled while the
    /// worker exits (about 8 reads, a millisecond apart, per submission in a batch). <see cref="WorkerProcess"/> calls this
    /// again once the worker's end is known, and <see cref="Dispose"/> sweeps the group whatever happened.
    /// </summary>
    public void KillAll()
    {
        KillChild();
        if (reaped.IsCompleted) cgroup.KillAll();
    }

    public ConfinedUsage Usage()
    {
        var usage = cgroup.Usage();
        return usage.PeakMemoryBytes is { } peak ? usage with { PeakMemoryBytes = peak + sharedBytes } : usage;
    }

    public void Dispose()
    {
        KillChild();
        cgroup.KillAll();
        cgroup.Dispose();
        pidfd.Dispose();
    }

    /// <summary>
    /// The process's pid in the host's PID namespace, as the kernel translates it in the pidfd's fdinfo; 0 if unknown
    /// (the process already reaped, or the pidfd closed: its number may belong to another descriptor by then). Read
    /// with one open, read and close into the stack: through <see cref="File.ReadLines(string)"/> (a stream, a reader,
    /// a lock and its release) it was ~1.4% of a batch's host CPU, once per fork.
    /// </summary>
    public static unsafe int GlobalPid(SafeFileHandle pidfd)
    {
        var added = false;
        try
        {
            pidfd.DangerousAddRef(ref added);
            var fd = Posix.Open($"/proc/self/fdinfo/{pidfd.DangerousGetHandle()}", Posix.O_RDONLY | Posix.O_CLOEXEC);
            if (fd < 0) return 0;
            Span<byte> text = stackalloc byte[1024]; // pos, flags, mnt_id, ino, Pid, NSpid: about 80 bytes
            nint length;
            try
            {
                fixed (byte* start = text) length = Posix.Read(fd, start, text.Length);
            }
            finally
            {
                _ = Posix.Close(fd);
            }
            return length > 0 ? PidIn(text[..(int)length]) : 0;
        }
        catch (ObjectDisposedException)
        {
            return 0; // closed: unknown (used only for logs)
        }
        finally
        {
            if (added) pidfd.DangerousRelease();
        }
    }

    /// <summary>The <c>Pid:</c> line's number (-1 for a process already reaped, read as 0: unknown).</summary>
    internal static int PidIn(ReadOnlySpan<byte> fdinfo)
    {
        foreach (var range in fdinfo.Split((byte)'\n'))
        {
            var line = fdinfo[range];
            if (!line.StartsWith("Pid:"u8)) continue;
            var value = line[4..];
            if (int.TryParse(value[System.Text.Ascii.Trim(value)], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var pid))
            {
                return Math.Max(pid, 0);
            }
        }
        return 0;
    }
}
