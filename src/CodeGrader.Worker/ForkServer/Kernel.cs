using System.Runtime.InteropServices;

namespace CodeGrader.Worker.ForkServer;

/// <summary>The Linux calls a zygote and its forked children make: fork, namespaces, mounts, capabilities, limits, seccomp.</summary>
internal static unsafe partial class Kernel
{
    public const int CLONE_NEWNS = 0x00020000;
    public const int CLONE_NEWCGROUP = 0x02000000;
    public const int CLONE_NEWUTS = 0x04000000;
    public const int CLONE_NEWIPC = 0x08000000;
    public const int CLONE_NEWPID = 0x20000000;
    public const int CLONE_NEWNET = 0x40000000;

    public const ulong MS_RDONLY = 1, MS_NOSUID = 2, MS_NODEV = 4, MS_NOEXEC = 8, MS_REC = 16384, MS_PRIVATE = 1 << 18;

    public const int PR_SET_PDEATHSIG = 1;
    public const int PR_CAPBSET_DROP = 24;
    public const int PR_SET_NO_NEW_PRIVS = 38;
    public const int PR_CAP_AMBIENT = 47;
    public const int PR_CAP_AMBIENT_CLEAR_ALL = 4;
    public const int PR_SET_SECCOMP = 22;
    public const int SECCOMP_MODE_FILTER = 2;

    public const int RLIMIT_CPU = 0, RLIMIT_FSIZE = 1, RLIMIT_DATA = 2, RLIMIT_CORE = 4, RLIMIT_NOFILE = 7;

    public const int SIGKILL = 9;
    public const int O_RDONLY = 0, O_WRONLY = 1, O_RDWR = 2, O_CLOEXEC = 0x80000;
    public const short POLLIN = 1;
    public const int WNOHANG = 1;
    public const int EINTR = 4;
    public const int EINVAL = 22;

    private const long SYS_pidfd_open = 434;
    private const long SYS_close_range = 436;
    private const long SYS_capset = 126;

    [LibraryImport("libc.so.6", EntryPoint = "fork", SetLastError = true)]
    public static partial int Fork();

    [LibraryImport("libc.so.6", EntryPoint = "unshare", SetLastError = true)]
    public static partial int Unshare(int flags);

    [LibraryImport("libc.so.6", EntryPoint = "setns", SetLastError = true)]
    public static partial int SetNs(int fd, int type);

    [LibraryImport("libc.so.6", EntryPoint = "mount", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Mount(string? source, string target, string? type, ulong flags, string? data);

    public const int MNT_DETACH = 2;

    [LibraryImport("libc.so.6", EntryPoint = "umount2", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Umount2(string target, int flags);

    [LibraryImport("libc.so.6", EntryPoint = "prctl", SetLastError = true)]
    public static partial int Prctl(int option, nuint arg2, nuint arg3, nuint arg4, nuint arg5);

    [LibraryImport("libc.so.6", EntryPoint = "setrlimit", SetLastError = true)]
    public static partial int SetRlimit(int resource, ulong* limit);

    [LibraryImport("libc.so.6", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Open(string path, int flags);

    [LibraryImport("libc.so.6", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    /// <summary>A pipe, both ends close-on-exec.</summary>
    public static int Pipe(int* fds) => Pipe2(fds, O_CLOEXEC);

    [LibraryImport("libc.so.6", EntryPoint = "pipe2", SetLastError = true)]
    private static partial int Pipe2(int* fds, int flags);

    [LibraryImport("libc.so.6", EntryPoint = "dup2", SetLastError = true)]
    public static partial int Dup2(int fd, int target);

    [LibraryImport("libc.so.6", EntryPoint = "chdir", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Chdir(string path);

    [LibraryImport("libc.so.6", EntryPoint = "setsid", SetLastError = true)]
    public static partial int SetSid();

    [LibraryImport("libc.so.6", EntryPoint = "poll", SetLastError = true)]
    public static partial int Poll(PollFd* fds, nuint count, int timeoutMs);

    [LibraryImport("libc.so.6", EntryPoint = "wait4", SetLastError = true)]
    public static partial int Wait4(int pid, int* status, int options, byte* rusage);

    [LibraryImport("libc.so.6", EntryPoint = "syscall", SetLastError = true)]
    private static partial long Syscall(long number, nint a1, nint a2, nint a3);

    public static int PidfdOpen(int pid) => (int)Syscall(SYS_pidfd_open, pid, 0, 0);

    /// <summary>Closes every descriptor from <paramref name="first"/> up.</summary>
    public static int CloseFrom(int first) => (int)Syscall(SYS_close_range, first, unchecked((nint)uint.MaxValue), 0);

    /// <summary>Empties the effective, permitted and inheritable capability sets (<c>capset</c>, version 3).</summary>
    public static int ClearCapabilities()
    {
        var header = stackalloc uint[2] { 0x20080522, 0 };
        var data = stackalloc uint[6];
        return (int)Syscall(SYS_capset, (nint)header, (nint)data, 0);
    }

    public static int Errno => Marshal.GetLastPInvokeError();

    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }
}
