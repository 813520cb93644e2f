using System.Runtime.InteropServices;

namespace CodeGrader.Core.Execution.Sandbox;

/// <summary>The few libc calls the sandbox needs beyond <see cref="Native.Posix"/>.</summary>
internal static partial class SandboxNative
{
    public const uint MFD_CLOEXEC = 0x0001;
    public const uint MFD_ALLOW_SEALING = 0x0002;
    public const int F_ADD_SEALS = 1033;
    public const int F_SEAL_SEAL = 0x0001;
    public const int F_SEAL_SHRINK = 0x0002;
    public const int F_SEAL_GROW = 0x0004;
    public const int F_SEAL_WRITE = 0x0008;

    [LibraryImport("libc.so.6", EntryPoint = "memfd_create", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int MemfdCreate(string name, uint flags);

    [LibraryImport("libc.so.6", EntryPoint = "fcntl", SetLastError = true)]
    public static partial int Fcntl(int fd, int command, int argument);

    [LibraryImport("libc.so.6", EntryPoint = "geteuid")]
    public static partial uint GetEffectiveUserId();
}
