namespace CodeGrader.Core.Execution.Sandbox;

/// <summary>
/// One worker's cgroup (one directory per v1 controller, or one v2 directory): limits written before the worker
/// starts, joined by the worker's launcher shell through <see cref="ProcsFiles"/>, emptied and removed afterwards.
/// </summary>
internal abstract class WorkerCgroup : IDisposable
{
    private int _disposed;

    /// <summary>The <c>cgroup.procs</c> files the launcher writes its own pid into before it execs bubblewrap.</summary>
    public abstract IReadOnlyList<string> ProcsFiles { get; }

    /// <summary>The cgroup directories (one per v1 controller, or one).</summary>
    public abstract IReadOnlyList<string> Directories { get; }

    /// <summary>Kills every process in the cgroup, including any that left the worker's session or process group.</summary>
    public abstract void KillAll();

    public abstract ConfinedUsage Usage();

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        KillAll();
        foreach (var directory in Directories.Reverse()) CgroupFiles.TryRemove(directory, TimeSpan.FromSeconds(2));
    }
}
