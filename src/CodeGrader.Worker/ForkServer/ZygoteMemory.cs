using CodeGrader.Python;

namespace CodeGrader.Worker.ForkServer;

/// <summary>
/// How the zygote forks: with CPython's fork protocol, and in the child, before <c>PyOS_AfterFork_Child</c> writes to
/// the zygote's pages, the zygote's arena blocks and the used part of its malloc heap copied into huge pages of the
/// child's own (<see cref="ZygoteArenas"/>, <see cref="ZygoteMalloc"/>). Workers and the shared-pages probe fork the
/// same way, so the probe measures what a worker shares.
/// </summary>
internal static class ZygoteMemory
{
    /// <summary>Forks; in the child, <paramref name="first"/> (a worker joins its cgroup, which is charged for the copies), then the copies.</summary>
    public static int Fork(PythonRuntime runtime, Action first) => runtime.Fork(() =>
    {
        var forked = Kernel.Fork();
        if (forked == 0)
        {
            first();
            ZygoteArenas.AfterFork();
            ZygoteMalloc.AfterFork();
        }
        return forked;
    });
}
