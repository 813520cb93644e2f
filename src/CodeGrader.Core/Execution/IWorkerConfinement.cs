namespace CodeGrader.Core.Execution;

/// <summary>
/// How a worker is confined: the seam between starting a worker and sandboxing it. An implementation
/// rewrites the command (for example into a bubblewrap invocation) and owns whatever else it set up.
/// </summary>
public interface IWorkerConfinement
{
    /// <summary>Shown in every report, e.g. "none" or "bubblewrap + seccomp + cgroup v1".</summary>
    string Description { get; }

    /// <summary>False when untrusted code would run with the host's own privileges.</summary>
    bool IsConfined { get; }

    /// <summary>Prepares one worker's confinement; the result is disposed after the worker is reaped.</summary>
    IConfinedLaunch Prepare(WorkerCommand command, ResourceLimits limits);

    /// <summary>
    /// Like <see cref="Prepare"/>, but the launch may build its confinement and then wait for the host's start signal
    /// (<see cref="IConfinedLaunch.StartsOnSignal"/>), so that it can be spawned ahead of need. By default the same as
    /// <see cref="Prepare"/>: a launch that starts at once.
    /// </summary>
    IConfinedLaunch PrepareToStartOnSignal(WorkerCommand command, ResourceLimits limits) => Prepare(command, limits);
}

/// <summary>One worker's confinement: the command to start, a way to kill everything in it, and what it used.</summary>
public interface IConfinedLaunch : IDisposable
{
    WorkerCommand Command { get; }

    /// <summary>
    /// True when the spawned command sets up its confinement and then waits, before it runs the worker, for one byte
    /// the host writes on descriptor 3 ahead of the channel's first frame (or for that descriptor's end of file).
    /// </summary>
    bool StartsOnSignal => false;

    /// <summary>The process the host started for this launch (called once, right after the spawn).</summary>
    void Started(int pid)
    {
    }

    /// <summary>Kills every process of this worker, including any that left its process group. Called before the
    /// host kills the process it started, so a confinement can take its processes down in an order that leaves
    /// no orphan for the system's init to reap.</summary>
    void KillAll();

    /// <summary>What the confinement measured, read after the worker exited.</summary>
    ConfinedUsage Usage();

    /// <summary>
    /// The worker's own end, from the exit of the process the host started. A confinement that runs the worker
    /// under a monitor translates it back (bubblewrap exits with 128 + N when the worker dies of signal N).
    /// </summary>
    ChildExit WorkerExit(ChildExit launched) => launched;
}

/// <summary>What a confinement measured for one worker.</summary>
/// <param name="PeakMemoryBytes">Peak memory of the whole tree when known.</param>
/// <param name="OutOfMemory">True when the kernel's OOM killer acted inside this worker's limit.</param>
/// <param name="ProcessLimitHit">True when a fork was refused by the process limit.</param>
public sealed record ConfinedUsage(long? PeakMemoryBytes, bool OutOfMemory, bool ProcessLimitHit = false)
{
    public static readonly ConfinedUsage Unknown = new(null, false);
}
