using System.Runtime.InteropServices;
using CodeGrader.Python;

namespace CodeGrader.Worker.ForkServer;

/// <summary>
/// Where the zygote's Python, and so every worker forked from it, takes its 1 MiB small-object arenas from:
/// <c>Native/arena_allocator.c</c>, linked into the worker. Arenas come two at a time from 2 MiB blocks the kernel may
/// back with one huge page, and an emptied one is kept for the next instead of being unmapped, so a fork copies and an
/// exit tears down fewer page-table entries and a worker faults its new arenas in once per 2 MiB (docs/fork-server.md,
/// "Arenas": a 1,000-submission batch 3-6% faster, each worker's peak about 2 MiB higher). A worker started afresh keeps
/// CPython's own allocator.
/// </summary>
internal static partial class ZygoteArenas
{
    /// <summary>In the zygote, with the GIL, before it imports anything ahead or forks; arenas already taken stay where they are.</summary>
    public static void Install(PythonRuntime runtime) => runtime.SetArenaAllocator(AllocatorAddress());

    [LibraryImport(NativeCode.Library, EntryPoint = "cg_arena_allocator_get")]
    private static partial nint AllocatorAddress();
}
