using CodeGrader.Core.Execution;
using CodeGrader.Sandbox.Cgroups;

namespace CodeGrader.Sandbox.Bubblewrap;

/// <summary>
/// Confines each worker with bubblewrap (all namespaces, no network, read-only view of only the worker and
/// Python, private size-limited scratch, no capabilities, cleared environment), a seccomp filter, a cgroup of its
/// own where the host has one (memory, pids), and rlimits. Made by <see cref="SandboxAvailability"/>, which
/// checks that it works on this machine first. Public (what <see cref="LinuxSandbox"/> hands out) so that a caller
/// can tell a degraded sandbox: <see cref="HasCgroup"/> and <see cref="CgroupProblem"/>.
/// </summary>
public sealed class BubblewrapConfinement : IWorkerConfinement, IForkConfinement
{
    private readonly SealedMemoryFile _filter;

    internal BubblewrapConfinement(
        string bubblewrap, string version, IReadOnlyList<string> systemLibraries,
        CgroupSupport? cgroups, string? cgroupProblem, SealedMemoryFile filter)
    {
        Bubblewrap = bubblewrap;
        Version = version;
        Features = BubblewrapFeatures.FromVersion(version);
        SystemLibraries = systemLibraries;
        Cgroups = cgroups;
        CgroupProblem = cgroupProblem;
        _filter = filter;
    }

    /// <summary>The bubblewrap executable.</summary>
    public string Bubblewrap { get; }

    /// <summary>Its version, e.g. <c>0.8.0</c>.</summary>
    public string Version { get; }

    /// <summary>Why cgroup limits are unavailable (or partly so), when they are.</summary>
    public string? CgroupProblem { get; }

    /// <summary>True when each worker gets a cgroup (memory and/or process limits, peak memory, OOM detection).</summary>
    public bool HasCgroup => Cgroups is not null;

    internal CgroupSupport? Cgroups { get; }
    internal IReadOnlyList<string> SystemLibraries { get; }
    internal BubblewrapFeatures Features { get; }
    internal string SeccompPath => _filter.Path;

    public string Description =>
        $"bubblewrap {Version} (user, pid, network, ipc, uts, mount and cgroup namespaces; read-only system; private scratch" +
        (Features.Missing is { } missing ? $"; {missing}" : "") + ") + seccomp + " +
        (Cgroups is { } c
            ? c.Description + " + rlimits" + (CgroupProblem is null ? "" : $" (partly degraded: {CgroupProblem})")
            : $"rlimits only, no cgroup ({CgroupProblem ?? "unavailable"}): memory by RLIMIT_DATA, no process-count limit, no peak memory");

    public bool IsConfined => true;

    public IConfinedLaunch Prepare(WorkerCommand command, ResourceLimits limits) => Prepare(command, limits, waitForStartSignal: false);

    /// <summary>
    /// A launch that builds the whole sandbox (cgroup joined, rlimits set, namespaces and mounts made) and then waits
    /// for the host's start signal, one byte on descriptor 3, before it loads the seccomp filter and runs the worker
    /// (<c>bwrap --block-fd</c>): the host can spawn it ahead of need and a worker is then ready in about the time of an
    /// unconfined one. Nothing of the worker, let alone of a submission, runs before the byte arrives.
    /// </summary>
    public IConfinedLaunch PrepareToStartOnSignal(WorkerCommand command, ResourceLimits limits) => Prepare(command, limits, waitForStartSignal: true);

    /// <summary>
    /// A fork server's zygote in this same sandbox (namespaces, read-only view, cleared environment, cgroup), keeping
    /// CAP_SYS_ADMIN and CAP_SETPCAP in its user namespace for its children, with the seccomp filter on descriptor 5
    /// for them to load, and without a CPU limit of its own (see <see cref="SandboxLauncher.ZygoteScript"/>).
    /// </summary>
    public IConfinedLaunch PrepareZygote(WorkerCommand command, ResourceLimits limits) => Prepare(command, limits, waitForStartSignal: false, zygote: true);

    /// <summary>One forked worker's cgroup (memory, pids, freezer as for any worker), or none when the host has none.</summary>
    public IForkedConfinement PrepareForkedChild(ResourceLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        try
        {
            return new ForkedCgroup(Cgroups?.Create(limits, CgroupSupport.ForkedProcesses), Cgroups?.LimitsMemory == true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new WorkerStartException($"Could not create the worker's cgroup: {e.Message}", e);
        }
    }

    private BubblewrapLaunch Prepare(WorkerCommand command, ResourceLimits limits, bool waitForStartSignal, bool zygote = false)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(limits);
        var arguments = BubblewrapArguments.Build(command, limits, SystemLibraries, Features, waitForStartSignal, zygote);
        WorkerCgroup? cgroup = null;
        try
        {
            cgroup = Cgroups?.Create(limits);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new WorkerStartException($"Could not create the worker's cgroup: {e.Message}", e);
        }
        var launcher = SandboxLauncher.Command(
            Bubblewrap, arguments, _filter.Path, cgroup?.ProcsFiles ?? [], limits, Cgroups?.LimitsMemory == true, waitForStartSignal, zygote);
        return new BubblewrapLaunch(launcher, cgroup, waitForStartSignal);
    }
}
