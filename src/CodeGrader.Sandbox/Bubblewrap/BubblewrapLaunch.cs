using CodeGrader.Core.Execution;
using CodeGrader.Sandbox.Cgroups;

namespace CodeGrader.Sandbox.Bubblewrap;

/// <summary>
/// One worker's sandbox: the launcher command, and the cgroup (when the host has one) that holds everything it
/// starts. Without a cgroup, the PID namespace still guarantees nothing survives: when the host kills
/// bubblewrap, the worker, PID 1 of the namespace, dies (<c>--die-with-parent</c>) and the kernel kills the rest.
/// </summary>
internal sealed class BubblewrapLaunch(WorkerCommand command, WorkerCgroup? cgroup, bool startsOnSignal = false) : IConfinedLaunch
{
    private static readonly TimeSpan MonitorPatience = TimeSpan.FromMilliseconds(100);
    private int _monitor;

    public WorkerCommand Command { get; } = command;

    internal WorkerCgroup? Cgroup { get; } = cgroup;

    public bool StartsOnSignal { get; } = startsOnSignal;

    public void Started(int pid) => _monitor = pid;

    /// <summary>
    /// Kills the namespace's PID 1 (the worker) first, so the kernel kills everything else in the namespace, and
    /// gives bubblewrap's monitor, the host's own child, a moment to reap it and exit: killed the other way round,
    /// the worker would be orphaned to the system's init as a zombie. Then the cgroup sweeps up anything left.
    /// </summary>
    public void KillAll()
    {
        if (_monitor > 0 && ProcessTree.Children(_monitor) is { Count: > 0 } inits)
        {
            foreach (var init in inits) _ = SandboxNative.Kill(init, SandboxNative.SIGKILL);
            ProcessTree.WaitUntilExited(_monitor, MonitorPatience);
        }
        Cgroup?.KillAll();
    }

    public ConfinedUsage Usage() => Cgroup?.Usage() ?? ConfinedUsage.Unknown;

    /// <summary>
    /// bubblewrap's monitor exits with 128 + N when the worker dies of signal N (N = 1..64); that is read back as the
    /// signal. A solution that calls <c>os._exit(128 + N)</c> is then reported as killed by N: a failure either way.
    /// </summary>
    public ChildExit WorkerExit(ChildExit launched) => Translate(launched);

    internal static ChildExit Translate(ChildExit launched) =>
        launched is { Signal: null, ExitCode: > 128 and <= 128 + 64 } ? launched with { ExitCode = null, Signal = launched.ExitCode - 128 } : launched;

    public void Dispose() => Cgroup?.Dispose();
}
