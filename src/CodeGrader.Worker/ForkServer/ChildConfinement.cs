using System.Runtime.InteropServices;
using CodeGrader.Protocol;

namespace CodeGrader.Worker.ForkServer;

/// <summary>
/// What a forked worker does to itself, in this order, before it says Ready and long before any submission code (it
/// was forked as PID 1 of a fresh PID namespace and has joined its own cgroup): takes its stdio and channel onto descriptors
/// 0-4 and closes everything else (the control socket included); makes its own mount, network, IPC, UTS and cgroup
/// namespaces; mounts a fresh size-limited tmpfs on
/// <c>/tmp</c>, a fresh <c>/proc</c> and a fresh <c>/dev/pts</c> over the zygote's read-only view; becomes a
/// session leader; sets the rlimits; drops every capability (bounding, ambient, effective, permitted, inheritable);
/// sets no_new_privs; and loads the same seccomp filter bubblewrap loads for a worker started afresh.
/// Any failure ends the child (status 125) with a message on stderr: a half-confined child never runs.
/// </summary>
internal static unsafe class ChildConfinement
{
    public const int FailureStatus = 125;
    private const int LastCapability = 63;

    public static void Apply(ForkRequest request, int[] descriptors, byte[] seccompFilter)
    {
        Check(Kernel.Prctl(Kernel.PR_SET_PDEATHSIG, Kernel.SIGKILL, 0, 0, 0), "prctl(PR_SET_PDEATHSIG)");
        TakeDescriptors(descriptors);
        Check(Kernel.Unshare(Kernel.CLONE_NEWNS | Kernel.CLONE_NEWNET | Kernel.CLONE_NEWIPC | Kernel.CLONE_NEWUTS | Kernel.CLONE_NEWCGROUP), "unshare");
        Check(Kernel.Mount(null, "/", null, Kernel.MS_REC | Kernel.MS_PRIVATE, null), "making mounts private");
        var scratch = FormattableString.Invariant($"size={request.ScratchBytes},mode=0755");
        Check(Kernel.Mount("tmpfs", "/tmp", "tmpfs", Kernel.MS_NOSUID | Kernel.MS_NODEV, scratch), "mounting the scratch tmpfs on /tmp");
        Check(Kernel.Mount("proc", "/proc", "proc", Kernel.MS_NOSUID | Kernel.MS_NODEV | Kernel.MS_NOEXEC, null), "mounting /proc");
        if (Directory.Exists("/dev/pts"))
        {
            Check(Kernel.Mount("devpts", "/dev/pts", "devpts", Kernel.MS_NOSUID | Kernel.MS_NOEXEC, "newinstance,ptmxmode=0666,mode=620"), "mounting /dev/pts");
        }
        Check(Kernel.Chdir("/tmp"), "chdir /tmp");
        Check(Kernel.SetSid(), "setsid");
        SetLimits(request);
        DropCapabilities();
        Check(Kernel.Prctl(Kernel.PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "prctl(PR_SET_NO_NEW_PRIVS)");
        LoadSeccomp(seccompFilter);
    }

    /// <summary>Ends the child at once, saying why on stderr; nothing of a submission has run.</summary>
    public static void Fail(string what)
    {
        Libc.WriteError($"codegrader-worker (forked): {what}");
        Libc.Exit(FailureStatus);
    }

    /// <summary>Moves the calling process into a cgroup through its open <c>cgroup.procs</c>, then closes that; false when refused.</summary>
    public static bool JoinCgroup(int procsFile)
    {
        var self = "0"u8;
        fixed (byte* p = self)
        {
            if (Libc.Write(procsFile, p, self.Length) != self.Length) return false;
        }
        Kernel.Close(procsFile);
        return true;
    }

    /// <summary>stdin from /dev/null, stdout, stderr, the channel on 3 and 4; every other descriptor closed.</summary>
    private static void TakeDescriptors(int[] descriptors)
    {
        // Move the received descriptors above 4 first, so no dup2 below overwrites one still to be moved.
        var moved = new int[ForkRequest.FixedDescriptors];
        for (var i = 0; i < moved.Length; i++)
        {
            moved[i] = 100 + i;
            Check(Kernel.Dup2(descriptors[i], moved[i]), "dup2");
        }
        var devNull = Kernel.Open("/dev/null", Kernel.O_RDONLY);
        Check(devNull, "open /dev/null");
        Check(Kernel.Dup2(devNull, 0), "dup2 stdin");
        for (var i = 0; i < moved.Length; i++) Check(Kernel.Dup2(moved[i], i + 1), "dup2");
        Check(Kernel.CloseFrom(5), "close_range");
    }

    private static void SetLimits(ForkRequest request)
    {
        SetLimit(Kernel.RLIMIT_CORE, 0, "RLIMIT_CORE");
        SetLimit(Kernel.RLIMIT_FSIZE, (ulong)request.FileSizeBytes, "RLIMIT_FSIZE");
        SetLimit(Kernel.RLIMIT_NOFILE, (ulong)request.OpenFiles, "RLIMIT_NOFILE");
        SetLimit(Kernel.RLIMIT_CPU, (ulong)request.CpuSeconds, "RLIMIT_CPU");
        if (request.DataBytes > 0) SetLimit(Kernel.RLIMIT_DATA, (ulong)request.DataBytes, "RLIMIT_DATA");
    }

    private static void SetLimit(int resource, ulong value, string name)
    {
        var limit = stackalloc ulong[2] { value, value };
        Check(Kernel.SetRlimit(resource, limit), $"setrlimit({name})");
    }

    private static void DropCapabilities()
    {
        for (var capability = 0; capability <= LastCapability; capability++)
        {
            if (Kernel.Prctl(Kernel.PR_CAPBSET_DROP, (nuint)capability, 0, 0, 0) != 0 && Kernel.Errno != Kernel.EINVAL)
                Fail($"cannot drop capability {capability} from the bounding set (errno {Kernel.Errno})");
        }
        Check(Kernel.Prctl(Kernel.PR_CAP_AMBIENT, Kernel.PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0), "clearing ambient capabilities");
        Check(Kernel.ClearCapabilities(), "capset");
    }

    private static void LoadSeccomp(byte[] filter)
    {
        if (filter.Length == 0 || filter.Length % 8 != 0) Fail($"the seccomp filter is {filter.Length} bytes, not whole instructions");
        fixed (byte* instructions = filter)
        {
            var program = new SockFprog { Length = (ushort)(filter.Length / 8), Filter = instructions };
            Check(Kernel.Prctl(Kernel.PR_SET_SECCOMP, Kernel.SECCOMP_MODE_FILTER, (nuint)(&program), 0, 0), "loading the seccomp filter");
        }
    }

    private static void Check(int result, string what)
    {
        if (result < 0) Fail($"{what} failed (errno {Kernel.Errno}: {Marshal.GetPInvokeErrorMessage(Kernel.Errno)})");
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct SockFprog
    {
        public ushort Length;
        public byte* Filter;
    }
}
