using System.Runtime.InteropServices;
using CodeGrader.Python;

namespace CodeGrader.Worker.ForkServer;

/// <summary>
/// Where the zygote's Python, and so every worker forked from it, takes its 1 MiB small-object arenas from:
/// <c>Native/arena_allocator.c</c>, linked into the worker. Arenas come two at a time from 2 MiB blocks, and an emptied
/// one is kept for the next instead of being unmapped. A forked worker copies the zygote's blocks into huge pages of
/// its own as soon as it is forked, and its own new blocks fault in once per 2 MiB (docs/fork-server.md, "Arenas"). A
/// worker started afresh keeps CPython's own allocator.
/// </summary>
internal static partial class ZygoteArenas
{
    /// <summary>In the zygote, before Python is initialised, so that every arena it ever takes is in these blocks.</summary>
    public static void Install(PythonRuntime runtime) => runtime.SetArenaAllocator(AllocatorAddress());

    /// <summary>In a forked worker, in its own cgroup: the zygote's blocks copied into huge pages of its own.</summary>
    public static void AfterFork() => _ = AfterForkNative();

    [LibraryImport(NativeCode.Library, EntryPoint = "cg_arena_allocator_get")]
    private static partial nint AllocatorAddress();

    [LibraryImport(NativeCode.Library, EntryPoint = "cg_arena_after_fork")]
    private static partial int AfterForkNative();
}
