namespace CodeGrader.Worker.ForkServer;

/// <summary>What a zygote takes at start besides <see cref="WorkerSettings"/>: the seccomp filter its children load.</summary>
internal static unsafe class ZygoteSettings
{
    /// <summary>
    /// The descriptor the sandbox launcher opens the compiled filter on. bubblewrap is not asked to load it (the zygote
    /// must still mount and unshare for its children); each child loads it itself once confined.
    /// </summary>
    public const int SeccompDescriptor = 5;

    public static byte[] ReadSeccompFilter()
    {
        var bytes = new List<byte>();
        var buffer = new byte[4096];
        fixed (byte* p = buffer)
        {
            while (true)
            {
                var n = Libc.Read(SeccompDescriptor, p, buffer.Length);
                if (n < 0 && System.Runtime.InteropServices.Marshal.GetLastPInvokeError() == Libc.EINTR) continue;
                if (n < 0) throw new IOException($"cannot read the seccomp filter from descriptor {SeccompDescriptor}");
                if (n == 0) break;
                bytes.AddRange(buffer.AsSpan(0, (int)n));
            }
        }
        Kernel.Close(SeccompDescriptor);
        if (bytes.Count == 0 || bytes.Count % 8 != 0) throw new IOException($"descriptor {SeccompDescriptor} holds no seccomp filter ({bytes.Count} bytes)");
        return [.. bytes];
    }
}
