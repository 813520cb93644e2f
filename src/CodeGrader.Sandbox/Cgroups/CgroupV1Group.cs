using System.Globalization;
using CodeGrader.Core.Execution;

namespace CodeGrader.Sandbox.Cgroups;

/// <summary>One worker's v1 cgroups; handed back to <paramref name="recycle"/> once emptied and reset.</summary>
internal sealed class CgroupV1Group(string? memory, string? pids, string? freezer, Action<CgroupV1Group>? recycle = null) : WorkerCgroup
{
    // Counters v1 cannot reset: this worker's share is what they gained since it was armed.
    private long _oomKillsBefore;
    private long _failuresBefore;
    private long _pidsLimitHitsBefore;

    // The limits last written: a recycled group armed with the same ones (each submission of an exercise) writes only
    // what starts its usage afresh, four control files fewer per worker.
    private string? _memoryLimit;
    private string? _processLimit;

    public string? Memory { get; } = memory;
    public string? Pids { get; } = pids;
    public string? Freezer { get; } = freezer;

    /// <summary>Writes this worker's limits and starts its usage afresh (peak, OOM kills, refused forks).</summary>
    public void Arm(ResourceLimits limits, int processesAround)
    {
        if (Memory is { } memory)
        {
            var bytes = limits.MemoryBytes.ToString(CultureInfo.InvariantCulture);
            if (bytes != _memoryLimit)
            {
                // memory+swap no larger than memory: no swapping past the limit. Absent without swap accounting.
                // Raising both needs memsw first, lowering needs memory first: write memory, memsw, then memory again.
                _memoryLimit = null;
                var memsw = Path.Combine(memory, "memory.memsw.limit_in_bytes");
                CgroupFiles.TryWrite(Path.Combine(memory, "memory.limit_in_bytes"), bytes);
                if (File.Exists(memsw)) CgroupFiles.Write(memsw, bytes);
                CgroupFiles.Write(Path.Combine(memory, "memory.limit_in_bytes"), bytes);
                _memoryLimit = bytes;
            }
            CgroupFiles.Write(Path.Combine(memory, "memory.max_usage_in_bytes"), "0");
            // failcnt stands in for oom_kill only on kernels without it (Usage): read only there.
            var oomKills = CgroupFiles.ReadKeyed(Path.Combine(memory, "memory.oom_control"), "oom_kill");
            _oomKillsBefore = oomKills ?? 0;
            _failuresBefore = oomKills is null ? CgroupFiles.ReadNumber(Path.Combine(memory, "memory.failcnt")) ?? 0 : 0;
        }
        if (Pids is { } pids)
        {
            var max = (limits.Processes + processesAround).ToString(CultureInfo.InvariantCulture);
            if (max != _processLimit)
            {
                _processLimit = null;
                CgroupFiles.Write(Path.Combine(pids, "pids.max"), max);
                _processLimit = max;
            }
            _pidsLimitHitsBefore = CgroupFiles.ReadKeyed(Path.Combine(pids, "pids.events"), "max") ?? 0;
        }
        Reopen();
    }

    /// <summary>
    /// Above this much memory still charged to an emptied group besides the kernel's own (slab objects freed lazily after
    /// the worker's exit, a few hundred KiB that no reclaim hands back), the group is emptied of its page cache before the
    /// next worker: otherwise that worker's peak would start there.
    /// </summary>
    internal const long PageCacheWorthEmptying = 1024 * 1024;

    /// <summary>Kept for the next worker when it is truly empty and its page cache (if it holds much) could be handed back; else removed.</summary>
    protected override void Release(bool emptied)
    {
        // Exiting tasks leave cgroup.procs before the pids controller lets go of them: reuse only a group whose
        // pids count is back to zero, or the next worker would start with part of its process limit used.
        // A pids count of zero means no task is left in any of the worker's groups (every launch joins all of them):
        // the processes are listed only without a pids controller. A group found emptied has been read at zero already
        // (EmptiesWithin, the same count), and nothing can join it again.
        if (recycle is null
            || (!emptied && (Pids is { } pids ? !ReleasedWithin(Path.Combine(pids, "pids.current"), TimeSpan.FromMilliseconds(50)) : !Directories.All(CgroupFiles.IsEmpty)))
            || (Memory is { } memory && HoldsPageCache(memory) && !CgroupFiles.TryWrite(Path.Combine(memory, "memory.force_empty"), "0")))
        {
            Remove();
            return;
        }
        recycle(this);
    }

    public override IReadOnlyList<string> Directories => new[] { Memory, Pids, Freezer }.OfType<string>().ToArray();

    public override IReadOnlyList<string> ProcsFiles => Directories.Select(d => Path.Combine(d, "cgroup.procs")).ToArray();

    public override bool EmptiesWithin(TimeSpan patience) =>
        Pids is { } pids && ReleasedWithin(Path.Combine(pids, "pids.current"), patience);

    public override void KillAll()
    {
        // Frozen, nothing can fork between listing the processes and killing them; the kills land at the thaw.
        var frozen = Freezer is not null && Freeze(Freezer);
        try
        {
            foreach (var directory in Directories)
            {
                foreach (var pid in CgroupFiles.ProcessIds(directory)) _ = SandboxNative.Kill(pid, SandboxNative.SIGKILL);
            }
        }
        finally
        {
            if (frozen) CgroupFiles.TryWrite(Path.Combine(Freezer!, "freezer.state"), "THAWED");
        }
        CgroupFiles.KillUntilEmpty(Directories, TimeSpan.FromSeconds(2));
    }

    public override ConfinedUsage Usage()
    {
        long? peak = null;
        var outOfMemory = false;
        if (Memory is not null)
        {
            peak = CgroupFiles.ReadNumber(Path.Combine(Memory, "memory.max_usage_in_bytes"));
            // oom_kill (Linux 4.13+) counts the OOM killer's kills in this group; older kernels only have failcnt,
            // which counts every time usage hit the limit.
            outOfMemory = CgroupFiles.ReadKeyed(Path.Combine(Memory, "memory.oom_control"), "oom_kill") is { } kills
                ? kills > _oomKillsBefore
                : CgroupFiles.ReadNumber(Path.Combine(Memory, "memory.failcnt")) > _failuresBefore;
        }
        var processLimitHit = Pids is not null && CgroupFiles.ReadKeyed(Path.Combine(Pids, "pids.events"), "max") > _pidsLimitHitsBefore;
        return new ConfinedUsage(peak, outOfMemory, processLimitHit);
    }

    /// <summary>
    /// Whether the emptied group still holds more than <see cref="PageCacheWorthEmptying"/> besides kernel memory.
    /// <c>memory.force_empty</c> cannot reclaim the latter and retries its reclaim before giving up: run after every
    /// worker, it was about 5% of the host's CPU in a 1,000-submission batch.
    /// </summary>
    private static bool HoldsPageCache(string memory)
    {
        if (CgroupFiles.ReadNumber(Path.Combine(memory, "memory.usage_in_bytes")) is not { } usage) return true;
        var kernel = CgroupFiles.ReadNumber(Path.Combine(memory, "memory.kmem.usage_in_bytes")) ?? 0;
        return usage - kernel > PageCacheWorthEmptying;
    }

    private static bool ReleasedWithin(string pidsCurrent, TimeSpan patience) =>
        CgroupFiles.WaitFor(() => CgroupFiles.ReadNumber(pidsCurrent) is 0, patience);

    private static bool Freeze(string directory)
    {
        var state = Path.Combine(directory, "freezer.state");
        if (!CgroupFiles.TryWrite(state, "FROZEN")) return false;
        // Still FREEZING after 200 ms: still worth killing and thawing.
        CgroupFiles.WaitFor(() => CgroupFiles.TryRead(state)?.Trim() == "FROZEN", TimeSpan.FromMilliseconds(200));
        return true;
    }
}
