using CodeGrader.Core.Execution;

namespace CodeGrader.Sandbox.Cgroups;

/// <summary>A forked worker's cgroup as the fork server sees it (<see cref="IForkedConfinement"/>); without one, nothing to join.</summary>
internal sealed class ForkedCgroup(WorkerCgroup? cgroup, bool limitsMemory) : IForkedConfinement
{
    public IReadOnlyList<string> CgroupProcsFiles => cgroup?.ProcsFiles ?? [];

    public bool LimitsMemory => cgroup is not null && limitsMemory;

    public void KillAll() => cgroup?.KillAll();

    public ConfinedUsage Usage() => cgroup?.Usage() ?? ConfinedUsage.Unknown;

    public void Dispose() => cgroup?.Dispose();
}
