using System.Collections.Concurrent;
using CodeGrader.Core.Execution;

namespace CodeGrader.Sandbox.Cgroups;

/// <summary>
/// cgroup v1: a <c>codegrader/</c> directory under this process's own cgroup in each of the memory, pids and
/// (when mounted) freezer hierarchies; one child per worker in each. An emptied group is reset and kept for the
/// next worker instead of being removed and made again (that pair costs about 5 ms of kernel time per worker);
/// what is kept when the host exits is removed then, or by the next host if this one died.
/// </summary>
internal sealed class CgroupV1Support(string? memoryParent, string? pidsParent, string? freezerParent) : CgroupSupport
{
    private readonly ConcurrentBag<CgroupV1Group> _idle = [];
    private int _exitHooked;

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

    public override WorkerCgroup Create(ResourceLimits limits, int processesAround = BubblewrapProcesses)
    {
        while (_idle.TryTake(out var recycled))
        {
            try
            {
                recycled.Arm(limits, processesAround);
                return recycled;
            }
            catch (IOException)
            {
                recycled.Remove();
            }
        }
        HookExit();
        var name = NewName();
        var group = new CgroupV1Group(
            MemoryParent is null ? null : Path.Combine(MemoryParent, name),
            PidsParent is null ? null : Path.Combine(PidsParent, name),
            FreezerParent is null ? null : Path.Combine(FreezerParent, name),
            _idle.Add);
        try
        {
            foreach (var directory in group.Directories) Directory.CreateDirectory(directory);
            group.Arm(limits, processesAround);
            return group;
        }
        catch
        {
            group.Remove();
            throw;
        }
    }

    private void HookExit()
    {
        if (Interlocked.Exchange(ref _exitHooked, 1) != 0) return;
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            while (_idle.TryTake(out var group)) group.Remove();
        };
    }
}
