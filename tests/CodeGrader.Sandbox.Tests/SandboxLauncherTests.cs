using CodeGrader.Core.Execution;
using CodeGrader.Sandbox.Bubblewrap;

namespace CodeGrader.Sandbox.Tests;

public class SandboxLauncherTests
{
    private static readonly string[] CgroupFiles = ["/sys/fs/cgroup/memory/x/cgroup.procs", "/sys/fs/cgroup/pids/x/cgroup.procs"];

    [Fact]
    public void The_launcher_joins_the_cgroups_then_sets_rlimits_then_becomes_bubblewrap_with_the_filter_on_fd_5()
    {
        var command = SandboxLauncher.Command("/usr/bin/bwrap", ["--unshare-all", "--", "/w"], "/proc/1/fd/9", CgroupFiles, ResourceLimits.Default, true);

        command.Executable.ShouldBe("/bin/sh");
        command.Environment.ShouldBeEmpty();
        command.Arguments.ShouldBe(["-c", command.Arguments[1], "codegrader-sandbox", "/proc/1/fd/9", .. CgroupFiles, "--", "/usr/bin/bwrap", "--unshare-all", "--", "/w"]);
        var script = command.Arguments[1];
        script.IndexOf("echo $$", StringComparison.Ordinal).ShouldBeLessThan(script.IndexOf("ulimit", StringComparison.Ordinal));
        script.IndexOf("ulimit", StringComparison.Ordinal).ShouldBeLessThan(script.IndexOf("\"$@\"", StringComparison.Ordinal));
        script.ShouldContain("exec \"$@\" 5<\"$f\"", Case.Sensitive, "bubblewrap replaces the shell, so it is the host's own child: see SandboxLauncher");
    }

    [Fact]
    public void Rlimits_are_file_size_descriptors_cpu_and_no_core_and_never_address_space()
    {
        var limits = ResourceLimits.Default with { FileSizeBytes = 1024 * 1024, OpenFiles = 32, CpuTime = TimeSpan.FromSeconds(7.5) };

        var rlimits = SandboxLauncher.Rlimits(limits, memoryLimitedByCgroup: true).ToList();

        rlimits.ShouldBe([("-c", 0L), ("-f", 2048L), ("-n", 32L), ("-t", 8L)]);
        SandboxLauncher.Script(limits, true).ShouldNotContain("ulimit -v");
    }

    [Fact]
    public void Without_a_memory_cgroup_the_data_segment_is_limited_instead()
    {
        var limits = ResourceLimits.Default with { MemoryBytes = 64 * 1024 * 1024 };

        SandboxLauncher.Rlimits(limits, memoryLimitedByCgroup: false).ShouldContain(("-d", 65536L));
        SandboxLauncher.Rlimits(limits, memoryLimitedByCgroup: true).ShouldNotContain(l => l.Flag == "-d");
    }

    [Theory]
    [InlineData(129, 1)]
    [InlineData(137, 9)]
    [InlineData(153, 25)]
    [InlineData(192, 64)]
    public void An_exit_status_above_128_from_bubblewrap_is_read_as_the_workers_signal(int status, int signal)
    {
        BubblewrapLaunch.Translate(new ChildExit(status, null, 0)).ShouldBe(new ChildExit(null, signal, 0));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(70)]
    [InlineData(128)]
    [InlineData(200)]
    public void Other_exit_statuses_are_kept(int status)
    {
        BubblewrapLaunch.Translate(new ChildExit(status, null, 0)).ShouldBe(new ChildExit(status, null, 0));
    }
}
