using CodeGrader.Core.Execution;
using CodeGrader.Sandbox.Cgroups;

namespace CodeGrader.Sandbox.Tests.Cgroups;

/// <summary>The cgroup classes against plain files shaped like cgroupfs, so v1 and v2 are both checked on any machine.</summary>
public sealed class CgroupFilesTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("cg-cgroupfs-");

    public void Dispose() => _root.Delete(recursive: true);

    private string Dir(string name) => Directory.CreateDirectory(Path.Combine(_root.FullName, name)).FullName;

    [Fact]
    public void Cgroup_v2_limits_memory_without_swap_and_counts_the_sandboxs_monitor_process()
    {
        var support = new CgroupV2Support(Dir("codegrader"), "test");

        var group = (CgroupV2Group)support.Create(ResourceLimits.Default with { MemoryBytes = 64 * 1024 * 1024, Processes = 8 });

        File.ReadAllText(Path.Combine(group.Directory, "memory.max")).ShouldBe("67108864");
        File.ReadAllText(Path.Combine(group.Directory, "pids.max")).ShouldBe("9");
        group.ProcsFiles.ShouldBe([Path.Combine(group.Directory, "cgroup.procs")]);
        Path.GetFileName(group.Directory).ShouldStartWith($"w{Environment.ProcessId}-");
    }

    [Fact]
    public void Cgroup_v2_usage_reads_peak_oom_kills_and_pids_max_events()
    {
        var directory = Dir("w1-1");
        File.WriteAllText(Path.Combine(directory, "memory.peak"), "123456\n");
        File.WriteAllText(Path.Combine(directory, "memory.events"), "low 0\nhigh 0\nmax 12\noom 1\noom_kill 1\noom_group_kill 0\n");
        File.WriteAllText(Path.Combine(directory, "pids.events"), "max 3\n");

        new CgroupV2Group(directory).Usage().ShouldBe(new ConfinedUsage(123456, true, true));
    }

    [Fact]
    public void Cgroup_v2_usage_without_events_is_no_oom_and_unknown_peak()
    {
        var directory = Dir("w1-2");
        File.WriteAllText(Path.Combine(directory, "memory.events"), "low 0\nhigh 0\nmax 0\noom 0\noom_kill 0\n");
        File.WriteAllText(Path.Combine(directory, "pids.events"), "max 0\n");

        new CgroupV2Group(directory).Usage().ShouldBe(new ConfinedUsage(null, false, false));
    }

    [Fact]
    public void Cgroup_v1_sets_memory_and_memsw_to_the_same_limit_and_the_pids_maximum()
    {
        var memoryParent = Dir("memory");
        var pidsParent = Dir("pids");
        var support = new CgroupV1Support(memoryParent, pidsParent, null);
        // memsw exists only where swap accounting does; make it exist in the group the support will create.
        var group = (CgroupV1Group)support.Create(ResourceLimits.Default with { MemoryBytes = 1 << 20, Processes = 4 });

        File.ReadAllText(Path.Combine(group.Memory!, "memory.limit_in_bytes")).ShouldBe("1048576");
        File.ReadAllText(Path.Combine(group.Pids!, "pids.max")).ShouldBe("5");
        group.ProcsFiles.ShouldBe([Path.Combine(group.Memory!, "cgroup.procs"), Path.Combine(group.Pids!, "cgroup.procs")]);
        support.Description.ShouldBe("cgroup v1 (memory, pids)");
    }

    [Fact]
    public void A_v1_group_armed_again_starts_its_peak_afresh_and_takes_new_limits()
    {
        var memory = Dir("m");
        var pids = Dir("p");
        var group = new CgroupV1Group(memory, pids, null);
        group.Arm(ResourceLimits.Default with { MemoryBytes = 1 << 20, Processes = 4 }, 1);
        File.WriteAllText(Path.Combine(memory, "memory.max_usage_in_bytes"), "786432"); // the last worker's peak

        group.Arm(ResourceLimits.Default with { MemoryBytes = 1 << 20, Processes = 4 }, 1);
        File.ReadAllText(Path.Combine(memory, "memory.max_usage_in_bytes")).ShouldBe("0", "each worker's peak is its own");
        File.ReadAllText(Path.Combine(memory, "memory.limit_in_bytes")).ShouldBe("1048576");

        group.Arm(ResourceLimits.Default with { MemoryBytes = 2 << 20, Processes = 8 }, 1);
        File.ReadAllText(Path.Combine(memory, "memory.limit_in_bytes")).ShouldBe("2097152", "another exercise's limit");
        File.ReadAllText(Path.Combine(pids, "pids.max")).ShouldBe("9");
    }

    [Fact]
    public void Cgroup_v1_usage_reads_peak_oom_kills_and_pids_max_events()
    {
        var memory = Dir("m");
        var pids = Dir("p");
        File.WriteAllText(Path.Combine(memory, "memory.max_usage_in_bytes"), "67108864\n");
        File.WriteAllText(Path.Combine(memory, "memory.oom_control"), "oom_kill_disable 0\nunder_oom 0\noom_kill 2\n");
        File.WriteAllText(Path.Combine(pids, "pids.events"), "max 0\n");

        new CgroupV1Group(memory, pids, null).Usage().ShouldBe(new ConfinedUsage(67108864, true, false));
    }

    [Fact]
    public void Stale_worker_cgroups_of_dead_hosts_are_removed_and_live_ones_kept()
    {
        var parent = Dir("codegrader");
        var stale = Directory.CreateDirectory(Path.Combine(parent, "w999999999-3")).FullName;
        var mine = Directory.CreateDirectory(Path.Combine(parent, $"w{Environment.ProcessId}-1")).FullName;
        var other = Directory.CreateDirectory(Path.Combine(parent, "unrelated")).FullName;

        new CgroupV2Support(parent, "test").RemoveStale();

        Directory.Exists(stale).ShouldBeFalse();
        Directory.Exists(mine).ShouldBeTrue();
        Directory.Exists(other).ShouldBeTrue();
    }
}
