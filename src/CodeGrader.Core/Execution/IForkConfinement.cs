namespace CodeGrader.Core.Execution;

/// <summary>
/// A confinement that can also run a fork server: one pristine zygote per engine (Python started and the harness
/// loaded, no submission's code ever), from which each submission's worker is forked and then confines itself
/// (fresh PID, mount, network, IPC, UTS and cgroup namespaces, fresh /tmp and /proc, rlimits, no capabilities, the
/// same seccomp filter) inside a cgroup of its own made by <see cref="PrepareForkedChild"/>.
/// </summary>
public interface IForkConfinement
{
    /// <summary>
    /// The launch of a zygote: the worker's sandbox, except that it keeps the capabilities its children need to build
    /// their own namespaces and mounts (they drop them all before any submission code), has the seccomp filter on
    /// descriptor 5 for its children to load instead of loading it itself, and is not bound by one worker's CPU limit.
    /// </summary>
    IConfinedLaunch PrepareZygote(WorkerCommand command, ResourceLimits limits);

    /// <summary>One forked worker's cgroup, made before the fork request; the child joins it first thing.</summary>
    IForkedConfinement PrepareForkedChild(ResourceLimits limits);
}

/// <summary>The host's side of one forked worker's confinement: its cgroup (when the host has one).</summary>
public interface IForkedConfinement : IDisposable
{
    /// <summary>The <c>cgroup.procs</c> files the child writes itself into (through descriptors the host opens); empty without a cgroup.</summary>
    IReadOnlyList<string> CgroupProcsFiles { get; }

    /// <summary>True when the cgroup limits memory (else the child sets <c>RLIMIT_DATA</c>).</summary>
    bool LimitsMemory { get; }

    /// <summary>
    /// Kills every process in the cgroup; called once the forked worker itself was sent SIGKILL. Disposing without it
    /// (a fork abandoned before its worker existed) sweeps the group as well.
    /// </summary>
    void KillAll();

    /// <summary>What the cgroup measured.</summary>
    ConfinedUsage Usage();
}
