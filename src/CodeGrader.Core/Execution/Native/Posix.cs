using System.Runtime.InteropServices;

namespace CodeGrader.Core.Execution.Native;

/// <summary>POSIX calls the host needs that .NET's <c>Process</c> does not offer: spawning with extra
/// descriptors and a new session, killing a process group, and reaping with resource usage.</summary>
internal static unsafe partial class Posix
{
    public const int SIGKILL = 9;
    public const int WNOHANG = 1;
    public const int O_RDONLY = 0;
    public const int O_CLOEXEC = 0x80000;
    public const int POSIX_SPAWN_SETSIGDEF = 0x04;
    public const int POSIX_SPAWN_SETSIGMASK = 0x08;
    public const int POSIX_SPAWN_SETSID = 0x80;
    public const int EINTR = 4;
    public const int ECHILD = 10;
    public const int F_GETPIPE_SZ = 1032;

    /// <summary>Room for glibc's opaque structs (80 and 336 bytes on x86-64) with margin.</summary>
    public const int OpaqueSize = 1024;

    [LibraryImport("libc.so.6", EntryPoint = "posix_spawn", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Spawn(out int pid, string path, nint fileActions, nint attributes, nint* argv, nint* envp);

    [LibraryImport("libc.so.6", EntryPoint = "posix_spawn_file_actions_init")]
    public static partial int FileActionsInit(nint actions);

    [LibraryImport("libc.so.6", EntryPoint = "posix_spawn_file_actions_destroy")]
    public static partial int FileActionsDestroy(nint actions);

    [LibraryImport("libc.so.6", EntryPoint = "posix_spawn_file_actions_adddup2")]
    public static partial int FileActionsAddDup2(nint actions, int fd, int newFd);

    /// <summary>glibc 2.34+: close every descriptor from <paramref name="from"/> up in the child.</summary>
    [LibraryImport("libc.so.6", EntryPoint = "posix_spawn_file_actions_addclosefrom_np")]
    public static partial int FileActionsAddCloseFrom(nint actions, int from);

    [LibraryImport("libc.so.6", EntryPoint = "posix_spawn_file_actions_addopen", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int FileActionsAddOpen(nint actions, int fd, string path, int flags, int mode);

    [LibraryImport("libc.so.6", EntryPoint = "posix_spawnattr_init")]
    public static partial int AttrInit(nint attributes);

    [LibraryImport("libc.so.6", EntryPoint = "posix_spawnattr_destroy")]
    public static partial int AttrDestroy(nint attributes);

    [LibraryImport("libc.so.6", EntryPoint = "posix_spawnattr_setflags")]
    public static partial int AttrSetFlags(nint attributes, short flags);

    [LibraryImport("libc.so.6", EntryPoint = "posix_spawnattr_setsigmask")]
    public static partial int AttrSetSigMask(nint attributes, nint sigset);

    [LibraryImport("libc.so.6", EntryPoint = "posix_spawnattr_setsigdefault")]
    public static partial int AttrSetSigDefault(nint attributes, nint sigset);

    [LibraryImport("libc.so.6", EntryPoint = "sigemptyset")]
    public static partial int SigEmptySet(nint sigset);

    [LibraryImport("libc.so.6", EntryPoint = "sigfillset")]
    public static partial int SigFillSet(nint sigset);

    [LibraryImport("libc.so.6", EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);

    [LibraryImport("libc.so.6", EntryPoint = "wait4", SetLastError = true)]
    public static partial int Wait4(int pid, out int status, int options, nint rusage);

    /// <summary><c>fcntl</c> with no third argument (<see cref="F_GETPIPE_SZ"/>).</summary>
    [LibraryImport("libc.so.6", EntryPoint = "fcntl", SetLastError = true)]
    public static partial int Fcntl(int fd, int command);

    [LibraryImport("libc.so.6", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int Open(string path, int flags);

    [LibraryImport("libc.so.6", EntryPoint = "read", SetLastError = true)]
    public static partial nint Read(int fd, byte* buffer, nint count);

    [LibraryImport("libc.so.6", EntryPoint = "close")]
    public static partial int Close(int fd);

    [LibraryImport("libc.so.6", EntryPoint = "strerror")]
    private static partial nint StrErrorPointer(int errno);

    public static string StrError(int errno) => Marshal.PtrToStringUTF8(StrErrorPointer(errno)) ?? $"errno {errno}";

    /// <summary>Offset of <c>ru_maxrss</c> (KiB) inside the 144-byte <c>struct rusage</c>.</summary>
    public const int RusageSize = 144;
    public const int RusageMaxRssOffset = 32;
}
