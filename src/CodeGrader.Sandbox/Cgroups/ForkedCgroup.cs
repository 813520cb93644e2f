using CodeGrader.Core.Execution;

namespace CodeGrader.Sandbox.Cgroups;

/// <summary>
/// A forked worker's cgroup as the fork server sees it (<see cref="IForkedConfinement"/>); without one, nothing to join.
/// Its killing starts from the host's SIGKILL of the worker (<see cref="IForkedConfinement.KillAll"/>'s caller sends it
/// first): PID 1 of its own PID namespace, whose death takes every process in the namespace with it, the kernel barring
/// new ones as it goes (the zygote, outside the group, reaps it). So the group is
/// first given a moment to empty by itself, read from a counter, and is frozen and swept process by process only when
/// it does not.
/// </summary>
/// <param name="patience">How long the group may take to empty by itself; <see cref="EmptyingPatience"/> unless a test says otherwise.</param>
internal sealed class ForkedCgroup(WorkerCgroup? cgroup, bool limitsMemory, TimeSpan? patience = null) : IForkedConfinement
{
    /// <summary>
    /// How long a group whose worker was killed may take to empty before it is swept: it takes a few milliseconds, and
    /// the wait holds the disposing thread (a thread-pool thread), so not long.
    /// </summary>
    internal static readonly TimeSpan EmptyingPatience = TimeSpan.FromMilliseconds(100);

    // Set by a KillAll on whichever thread killed the worker; read by Dispose.
    private volatile bool _emptied;

    public IReadOnlyList<string> CgroupProcsFiles => cgroup?.ProcsFiles ?? [];

    public bool LimitsMemory => cgroup is not null && limitsMemory;

    public void KillAll()
    {
        if (cgroup is null) return;
        if (cgroup.EmptiesWithin(patience ?? EmptyingPatience)) _emptied = true;
        else cgroup.KillAll();
    }

    public ConfinedUsage Usage() => cgroup?.Usage() ?? ConfinedUsage.Unknown;

    /// <summary>
    /// Releases the group: without a sweep when <see cref="KillAll"/> found it emptied; with one otherwise, as for a
    /// fork abandoned before its worker was reported (it may still be joining the group).
    /// </summary>
    public void Dispose()
    {
        if (_emptied) cgroup?.DisposeEmptied();
        else cgroup?.Dispose();
    }
}
