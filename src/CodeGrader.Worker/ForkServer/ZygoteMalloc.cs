using System.Runtime.InteropServices;

namespace CodeGrader.Worker.ForkServer;

/// <summary>
/// glibc's malloc in the zygote, and so in every worker forked from it (the settings live in the process's memory).
/// By default a block of 128 KiB or more is mapped on its own and unmapped when freed, and the heap's free top is
/// handed back to the kernel once it passes 128 KiB; a worker allocating and freeing big blocks (a list of a test's
/// 40,000 characters, a copy of a long string) faulted fresh zeroed pages in for each one. Blocks under 16 MiB now come
/// from the heap, and its top is kept up to 32 MiB, so a worker reuses the pages it has already faulted in: 65 page
/// faults fewer per submission on the 1,000-submission batch (docs/fork-server.md, "Malloc"). What is kept is memory the
/// worker has used and been charged for; it serves one submission and exits. Once the zygote is warm its heap is grown
/// ahead (<see cref="GrowHeapAhead"/>), and each forked worker copies the heap's used blocks into huge pages of its own
/// and grows into huge pages (<see cref="AfterFork"/>; <c>Native/malloc_heap.c</c>). A worker started afresh keeps
/// glibc's defaults.
/// </summary>
internal static partial class ZygoteMalloc
{
    /// <summary>Blocks from this size up are mapped on their own (glibc's default: 128 KiB, moving up to 32 MiB).</summary>
    public const int MmapThresholdBytes = 16 << 20;

    /// <summary>The heap's free top is given back once it passes this (glibc's default: 128 KiB, moving with the above).</summary>
    public const int TrimThresholdBytes = 32 << 20;

    /// <summary>How far past its top the zygote's heap is made to reach before the first fork.</summary>
    public const int GrowAheadBytes = 8 << 20;

    private const int M_TRIM_THRESHOLD = -1;
    private const int M_MMAP_THRESHOLD = -3;

    /// <summary>In the zygote, before it imports anything ahead or forks. A refusal only costs page faults: it is ignored.</summary>
    public static void Configure()
    {
        _ = MallOpt(M_MMAP_THRESHOLD, MmapThresholdBytes);
        _ = MallOpt(M_TRIM_THRESHOLD, TrimThresholdBytes);
    }

    /// <summary>In the zygote, warm, on its Python thread, before its first fork (after <see cref="Configure"/>, which keeps the top).</summary>
    public static void GrowHeapAhead() => _ = GrowAhead(GrowAheadBytes);

    /// <summary>In a forked worker, in its own cgroup: the heap's used blocks copied into huge pages of its own.</summary>
    public static void AfterFork() => _ = AfterForkNative();

    [LibraryImport(NativeCode.Library, EntryPoint = "cg_heap_grow_ahead")]
    private static partial int GrowAhead(nuint ahead);

    [LibraryImport(NativeCode.Library, EntryPoint = "cg_heap_after_fork")]
    private static partial int AfterForkNative();

    [LibraryImport("libc.so.6", EntryPoint = "mallopt")]
    private static partial int MallOpt(int parameter, int value);
}
