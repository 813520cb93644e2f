using System.Globalization;
using CodeGrader.Python;

namespace CodeGrader.Worker.ForkServer;

/// <summary>
/// How much of the zygote's memory a forked worker goes on sharing, measured once when the zygote starts. A worker
/// started afresh is charged for its interpreter's pages itself; a forked one is charged only for the pages it writes
/// (copy-on-write), the rest staying on the zygote's cgroup. A probe child does what every worker soon does to those
/// pages (full collections of Python's and the runtime's garbage collectors write to every object they track) and
/// reads how much of its memory is still the zygote's (<c>Shared_Dirty</c> of <c>/proc/self/smaps_rollup</c>); the
/// host charges each forked worker that much, in its memory limit and its peak (docs/fork-server.md).
/// </summary>
internal static unsafe class SharedPages
{
    /// <summary>The bytes a forked worker shares with the zygote after its first collections; 0 when it cannot be measured.</summary>
    public static long Measure(PythonRuntime runtime)
    {
        var fds = stackalloc int[2];
        if (Kernel.Pipe(fds) != 0) return 0;
        var pid = ZygoteMemory.Fork(runtime, static () => { });
        if (pid == 0)
        {
            Kernel.Close(fds[0]);
            long shared = 0;
            try
            {
                runtime.Execute("import gc\ngc.collect()\n");
                GC.Collect();
                shared = SharedDirtyBytes();
            }
            catch (Exception e) when (e is IOException or FormatException or PythonException)
            {
                shared = 0;
            }
            _ = Libc.Write(fds[1], (byte*)&shared, sizeof(long));
            Libc.Exit(0);
        }
        Kernel.Close(fds[1]);
        long result = 0;
        if (pid > 0)
        {
            nint n;
            do n = Libc.Read(fds[0], (byte*)&result, sizeof(long));
            while (n < 0 && Kernel.Errno == Kernel.EINTR);
            if (n != sizeof(long)) result = 0;
            int status;
            while (Kernel.Wait4(pid, &status, 0, null) < 0 && Kernel.Errno == Kernel.EINTR)
            {
            }
        }
        Kernel.Close(fds[0]);
        return Math.Max(0, result);
    }

    private static long SharedDirtyBytes()
    {
        foreach (var line in File.ReadLines("/proc/self/smaps_rollup"))
        {
            if (!line.StartsWith("Shared_Dirty:", StringComparison.Ordinal)) continue;
            var kib = line["Shared_Dirty:".Length..].Replace("kB", "", StringComparison.Ordinal).Trim();
            return long.Parse(kib, CultureInfo.InvariantCulture) * 1024;
        }
        return 0;
    }
}
