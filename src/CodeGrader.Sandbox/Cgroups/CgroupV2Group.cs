using CodeGrader.Core.Execution;

namespace CodeGrader.Sandbox.Cgroups;

/// <summary>One worker's v2 cgroup.</summary>
internal sealed class CgroupV2Group(string directory) : WorkerCgroup
{
    public string Directory { get; } = directory;

    public override IReadOnlyList<string> Directories => [Directory];
    public override IReadOnlyList<string> ProcsFiles => [Path.Combine(Directory, "cgroup.procs")];

    public override bool EmptiesWithin(TimeSpan patience)
    {
        var events = Path.Combine(Directory, "cgroup.events");
        return CgroupFiles.WaitFor(() => CgroupFiles.ReadKeyed(events, "populated") is 0, patience);
    }

    public override void KillAll()
    {
        // cgroup.kill (Linux 5.14+) kills the whole group atomically, forks in flight included.
        if (CgroupFiles.TryWrite(Path.Combine(Directory, "cgroup.kill"), "1"))
        {
            CgroupFiles.KillUntilEmpty(Directories, TimeSpan.FromSeconds(2));
            return;
        }
        var freeze = Path.Combine(Directory, "cgroup.freeze");
        var frozen = CgroupFiles.TryWrite(freeze, "1");
        try
        {
            foreach (var pid in CgroupFiles.ProcessIds(Directory)) _ = SandboxNative.Kill(pid, SandboxNative.SIGKILL);
        }
        finally
        {
            if (frozen) CgroupFiles.TryWrite(freeze, "0");
        }
        CgroupFiles.KillUntilEmpty(Directories, TimeSpan.FromSeconds(2));
    }

    public override ConfinedUsage Usage()
    {
        var events = Path.Combine(Directory, "memory.events");
        var outOfMemory = CgroupFiles.ReadKeyed(events, "oom_kill") > 0 || CgroupFiles.ReadKeyed(events, "oom_group_kill") > 0;
        return new ConfinedUsage(
            CgroupFiles.ReadNumber(Path.Combine(Directory, "memory.peak")), // Linux 5.19+
            outOfMemory,
            CgroupFiles.ReadKeyed(Path.Combine(Directory, "pids.events"), "max") > 0);
    }
}
