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

    public override WorkerCgroup Create(ResourceLimits limits, int processesAround = BubblewrapProcesses)
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
                (limits.Processes + processesAround).ToString(CultureInfo.InvariantCulture));
            return group;
        }
        catch
        {
            group.Dispose();
            throw;
        }
    }
}
