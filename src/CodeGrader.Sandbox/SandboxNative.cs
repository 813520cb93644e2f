using System.Runtime.InteropServices;

namespace CodeGrader.Sandbox;

/// <summary>
/// The few libc calls the sandbox makes: sealed memfds, <c>kill</c> for what is left in a worker's cgroup or
/// namespace, and plain open/read/write/close for cgroup control files (<see cref="Cgroups.ControlFile"/>). The host's own spawning and reaping calls stay private to CodeGrader.Core.
/// </summary>
internal static partial class SandboxNative
{
    public const uint MFD_CLOEXEC = 0x0001;
    public const uint MFD_ALLOW_SEALING = 0x0002;
    public const int F_ADD_SEALS = 1033;
    public const int F_SEAL_SEAL = 0x0001;
    public const int F_SEAL_SHRINK = 0x0002;
    public const int F_SEAL_GROW = 0x0004;
    public const int F_SEAL_WRITE = 0x0008;
    public const int SIGKILL = 9;
    public const int O_RDONLY = 0x0000;
    public const int O_WRONLY = 0x0001;
    public const int O_CREAT = 0x0040;
    public const int O_TRUNC = 0x0200;
    public const int O_CLOEXEC = 0x80000;
    public const int EINTR = 4;
    public const int ENOENT = 2;
    public const int EPERM = 1;
    public const int EACCES = 13;
    public const int EROFS = 30;

    [LibraryImport("libc.so.6", EntryPoint = "memfd_create", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int MemfdCreate(string name, uint flags);

    [LibraryImport("libc.so.6", EntryPoint = "fcntl", SetLastError = true)]
    public static partial int Fcntl(int fd, int command, int argument);

    [LibraryImport("libc.so.6", EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);

    [LibraryImport("libc.so.6", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int Open(string path, int flags, int mode);

    [LibraryImport("libc.so.6", EntryPoint = "read", SetLastError = true)]
    public static unsafe partial nint Read(int fd, byte* buffer, nint count);

    [LibraryImport("libc.so.6", EntryPoint = "write", SetLastError = true)]
    public static unsafe partial nint Write(int fd, byte* buffer, nint count);

    [LibraryImport("libc.so.6", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport("libc.so.6", EntryPoint = "strerror")]
    public static partial nint StrError(int errno);

    [LibraryImport("libc.so.6", EntryPoint = "geteuid")]
    public static partial uint GetEffectiveUserId();
}
