using System.Globalization;
using CodeGrader.Core.Execution;

namespace CodeGrader.Sandbox.Cgroups;

/// <summary>cgroup v2: one <c>codegrader/</c> directory with the memory and pids controllers enabled for its children.</summary>
internal sealed class CgroupV2Support(string parent, string where) : CgroupSupport
{
    public string Parent { get; } = parent;

    public override string Description => $"cgroup v2 (memory, pids; {where})";
    public override bool LimitsMemory => true;
    public override bool LimitsProcesses => true;
    public override IReadOnlyList<string> Parents => [Parent];

    public override WorkerCgroup Create(ResourceLimits limits)
    {
        var group = new CgroupV2Group(Path.Combine(Parent, NewName()));
        try
        {
            Directory.CreateDirectory(group.Directory);
            var bytes = limits.MemoryBytes.ToString(CultureInfo.InvariantCulture);
            CgroupFiles.Write(Path.Combine(group.Directory, "memory.max"), bytes);
            var swap = Path.Combine(group.Directory, "memory.swap.max");
            if (File.Exists(swap)) CgroupFiles.Write(swap, "0");
            // On OOM, kill the whole worker rather than one process of it: the run is over either way.
            var oomGroup = Path.Combine(group.Directory, "memory.oom.group");
            if (File.Exists(oomGroup)) CgroupFiles.TryWrite(oomGroup, "1");
            CgroupFiles.Write(Path.Combine(group.Directory, "pids.max"),
                (limits.Processes + BubblewrapProcesses).ToString(CultureInfo.InvariantCulture));
            return group;
        }
        catch
        {
            group.Dispose();
            throw;
        }
    }
}

/// <summary>One worker's v2 cgroup.</summary>
internal sealed class CgroupV2Group(string directory) : WorkerCgroup
{
    public string Directory { get; } = directory;

    public override IReadOnlyList<string> Directories => [Directory];
    public override IReadOnlyList<string> ProcsFiles => [Path.Combine(Directory, "cgroup.procs")];

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
