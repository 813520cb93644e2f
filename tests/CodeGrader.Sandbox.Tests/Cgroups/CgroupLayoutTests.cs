using CodeGrader.Sandbox.Cgroups;

namespace CodeGrader.Sandbox.Tests.Cgroups;

public class CgroupLayoutTests
{
    private const string HybridMountInfo =
        "31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755\n" +
        "32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu\n" +
        "35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory\n" +
        "37 31 0:34 / /sys/fs/cgroup/freezer rw,relatime - cgroup cgroup rw,freezer\n" +
        "39 31 0:36 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids\n" +
        "41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw\n";

    [Fact]
    public void Cgroup_v1_directories_are_this_processs_own_per_controller()
    {
        var layout = CgroupLayout.Parse(HybridMountInfo, "8:pids:/\n6:freezer:/\n4:memory:/process_api/abc\n1:cpu:/\n0::/\n");

        layout.V1["memory"].ShouldBe("/sys/fs/cgroup/memory/process_api/abc");
        layout.V1["pids"].ShouldBe("/sys/fs/cgroup/pids");
        layout.V1["freezer"].ShouldBe("/sys/fs/cgroup/freezer");
        layout.V2Mount.ShouldBe("/sys/fs/cgroup/unified");
        layout.V2Own.ShouldBe("/sys/fs/cgroup/unified");
    }

    [Fact]
    public void Cgroup_v2_only_gives_the_unified_directory()
    {
        var layout = CgroupLayout.Parse(
            "30 23 0:26 / /sys/fs/cgroup rw,nosuid - cgroup2 cgroup2 rw,nsdelegate\n",
            "0::/user.slice/user-1000.slice/session-2.scope\n");

        layout.V1.ShouldBeEmpty();
        layout.V2Mount.ShouldBe("/sys/fs/cgroup");
        layout.V2Own.ShouldBe("/sys/fs/cgroup/user.slice/user-1000.slice/session-2.scope");
    }

    [Fact]
    public void A_mount_of_a_subtree_maps_paths_below_its_root_and_ignores_paths_outside_it()
    {
        var mountInfo = "40 31 0:38 /docker/abc /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n";

        CgroupLayout.Parse(mountInfo, "4:memory:/docker/abc/inner\n").V1["memory"].ShouldBe("/sys/fs/cgroup/memory/inner");
        CgroupLayout.Parse(mountInfo, "4:memory:/docker/abc\n").V1["memory"].ShouldBe("/sys/fs/cgroup/memory");
        CgroupLayout.Parse(mountInfo, "4:memory:/elsewhere\n").V1.ShouldBeEmpty();
    }

    [Fact]
    public void No_cgroup_mounts_give_an_empty_layout()
    {
        var layout = CgroupLayout.Parse("22 1 0:21 / /proc rw - proc proc rw\n", "0::/\n");

        layout.V1.ShouldBeEmpty();
        layout.V2Own.ShouldBeNull();
        layout.V2Mount.ShouldBeNull();
    }

    [Fact]
    public void Without_any_cgroup_the_detector_says_why()
    {
        var layout = CgroupLayout.Parse("22 1 0:21 / /proc rw - proc proc rw\n", "0::/\n");

        CgroupDetector.Detect(out var problem, layout, configuredParent: "").ShouldBeNull();
        problem.ShouldNotBeNull().ShouldContain("no cgroup");
    }
}
