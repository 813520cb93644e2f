using System.Globalization;

namespace CodeGrader.Core.Execution.Sandbox;

/// <summary>
/// cgroup v1: a <c>codegrader/</c> directory under this process's own cgroup in each of the memory, pids and
/// (when mounted) freezer hierarchies; one child per worker in each.
/// </summary>
internal sealed class CgroupV1Support(string? memoryParent, string? pidsParent, string? freezerParent) : CgroupSupport
{
    public string? MemoryParent { get; } = memoryParent;
    public string? PidsParent { get; } = pidsParent;
    public string? FreezerParent { get; } = freezerParent;

    public override string Description =>
        "cgroup v1 (" + string.Join(", ", new[] { ("memory", MemoryParent), ("pids", PidsParent), ("freezer", FreezerParent) }
            .Where(c => c.Item2 is not null).Select(c => c.Item1)) + ")";

    public override bool LimitsMemory => MemoryParent is not null;
    public override bool LimitsProcesses => PidsParent is not null;

    public override IReadOnlyList<string> Parents =>
        new[] { MemoryParent, PidsParent, FreezerParent }.OfType<string>().ToArray();

    public override WorkerCgroup Create(ResourceLimits limits)
    {
        var name = NewName();
        var group = new CgroupV1Group(
            MemoryParent is null ? null : Path.Combine(MemoryParent, name),
            PidsParent is null ? null : Path.Combine(PidsParent, name),
            FreezerParent is null ? null : Path.Combine(FreezerParent, name));
        try
        {
            foreach (var directory in group.Directories) Directory.CreateDirectory(directory);
            if (group.Memory is { } memory)
            {
                var bytes = limits.MemoryBytes.ToString(CultureInfo.InvariantCulture);
                CgroupFiles.Write(Path.Combine(memory, "memory.limit_in_bytes"), bytes);
                // memory+swap no larger than memory: no swapping past the limit. Absent without swap accounting.
                var memsw = Path.Combine(memory, "memory.memsw.limit_in_bytes");
                if (File.Exists(memsw)) CgroupFiles.Write(memsw, bytes);
            }
            if (group.Pids is { } pids)
            {
                CgroupFiles.Write(Path.Combine(pids, "pids.max"),
                    (limits.Processes + BubblewrapProcesses).ToString(CultureInfo.InvariantCulture));
            }
            return group;
        }
        catch
        {
            group.Dispose();
            throw;
        }
    }
}

/// <summary>One worker's v1 cgroups.</summary>
internal sealed class CgroupV1Group(string? memory, string? pids, string? freezer) : WorkerCgroup
{
    public string? Memory { get; } = memory;
    public string? Pids { get; } = pids;
    public string? Freezer { get; } = freezer;

    public override IReadOnlyList<string> Directories => new[] { Memory, Pids, Freezer }.OfType<string>().ToArray();

    public override IReadOnlyList<string> ProcsFiles => Directories.Select(d => Path.Combine(d, "cgroup.procs")).ToArray();

    public override void KillAll()
    {
        // Frozen, nothing can fork between listing the processes and killing them; the kills land at the thaw.
        var frozen = Freezer is not null && Freeze(Freezer);
        try
        {
            foreach (var directory in Directories)
            {
                foreach (var pid in CgroupFiles.ProcessIds(directory)) _ = Native.Posix.Kill(pid, Native.Posix.SIGKILL);
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
                ? kills > 0
                : CgroupFiles.ReadNumber(Path.Combine(Memory, "memory.failcnt")) > 0;
        }
        var processLimitHit = Pids is not null && CgroupFiles.ReadKeyed(Path.Combine(Pids, "pids.events"), "max") > 0;
        return new ConfinedUsage(peak, outOfMemory, processLimitHit);
    }

    private static bool Freeze(string directory)
    {
        var state = Path.Combine(directory, "freezer.state");
        if (!CgroupFiles.TryWrite(state, "FROZEN")) return false;
        var deadline = Environment.TickCount64 + 200;
        while (Environment.TickCount64 < deadline)
        {
            if (CgroupFiles.TryRead(state)?.Trim() == "FROZEN") return true;
            Thread.Sleep(1);
        }
        return true; // FREEZING: still worth killing and thawing
    }
}
