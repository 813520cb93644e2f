using System.Runtime.InteropServices;

namespace CodeGrader.Core.Execution.Native;

/// <summary>pidfds on the host: the fork server names each forked worker by one.</summary>
internal static partial class Pidfds
{
    private const long SYS_pidfd_send_signal = 424;

    [LibraryImport("libc.so.6", EntryPoint = "syscall", SetLastError = true)]
    private static partial long Syscall(long number, nint a1, nint a2, nint a3, nint a4);

    /// <summary>Signals exactly the process a pidfd names (never a later process that reused its pid).</summary>
    public static int SendSignal(int pidfd, int signal) => (int)Syscall(SYS_pidfd_send_signal, pidfd, signal, 0, 0);
}
