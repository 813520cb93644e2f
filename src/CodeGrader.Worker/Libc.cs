using System.Runtime.InteropServices;

namespace CodeGrader.Worker;

/// <summary>The few system calls the worker makes directly: raw reads and writes on the channel, and <c>_exit</c>.</summary>
internal static unsafe partial class Libc
{
    [LibraryImport("libc.so.6", EntryPoint = "read", SetLastError = true)]
    public static partial nint Read(int fd, byte* buffer, nint count);

    [LibraryImport("libc.so.6", EntryPoint = "write", SetLastError = true)]
    public static partial nint Write(int fd, byte* buffer, nint count);

    /// <summary>Ends the process at once: no finalisation, no atexit hooks, no waiting for the candidate's threads.</summary>
    [LibraryImport("libc.so.6", EntryPoint = "_exit")]
    public static partial void Exit(int status);

    [LibraryImport("libc.so.6", EntryPoint = "getpid")]
    public static partial int GetPid();

    public const int EINTR = 4;

    /// <summary>
    /// One line to stderr with a plain write: no Console (whose first use starts terminal and signal handling, which a
    /// forked process must not depend on).
    /// </summary>
    public static void WriteError(string line)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(line + "\n");
        fixed (byte* p = bytes) _ = Write(2, p, bytes.Length);
    }
}
