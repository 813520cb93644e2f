using CodeGrader.Core.Execution;

namespace CodeGrader.Sandbox.Cgroups;

/// <summary>
/// One worker's cgroup (one directory per v1 controller, or one v2 directory): limits written before the worker
/// starts, joined by the worker's launcher shell through <see cref="ProcsFiles"/>, emptied afterwards, then removed
/// or (v1) kept empty for the next worker (<see cref="Release"/>).
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

    /// <summary>
    /// Waits up to <paramref name="patience"/> for the group to empty by itself, read cheaply (no process listing):
    /// true once it has. False when it did not, or when this flavour cannot tell cheaply; then <see cref="KillAll"/>.
    /// </summary>
    public virtual bool EmptiesWithin(TimeSpan patience) => false;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        KillAll();
        Release(emptied: false);
    }

    /// <summary>As <see cref="Dispose"/> for a group <see cref="EmptiesWithin"/> found empty, which nothing can join again: nothing to kill.</summary>
    public void DisposeEmptied()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        Release(emptied: true);
    }

    /// <summary>
    /// After <see cref="KillAll"/> (<paramref name="emptied"/> false), or once <see cref="EmptiesWithin"/> found the group
    /// empty (true): removes the directories. A flavour that can reset a group may keep it instead.
    /// </summary>
    protected virtual void Release(bool emptied) => Remove();

    /// <summary>Removes the directories for good.</summary>
    public void Remove()
    {
        foreach (var directory in Directories.Reverse()) CgroupFiles.TryRemove(directory, TimeSpan.FromSeconds(2));
    }

    /// <summary>Makes a recycled group disposable again for its next worker.</summary>
    protected void Reopen() => Volatile.Write(ref _disposed, 0);
}
