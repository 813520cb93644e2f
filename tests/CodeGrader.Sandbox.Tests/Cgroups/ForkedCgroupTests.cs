using System.Diagnostics;
using CodeGrader.Core.Execution;
using CodeGrader.Sandbox.Cgroups;

namespace CodeGrader.Sandbox.Tests.Cgroups;

/// <summary>
/// A forked worker's cgroup, in the machine's real cgroups: once its worker is killed it is given a moment to empty by
/// itself, and whatever is still in it after that is killed.
/// </summary>
public sealed class ForkedCgroupTests
{
    /// <summary>Starts <c>sleep</c> for <paramref name="seconds"/> and moves it into every directory of <paramref name="group"/>.</summary>
    private static Process SleepIn(WorkerCgroup group, string seconds)
    {
        var sleep = Process.Start(new ProcessStartInfo("sleep", seconds)) ?? throw new InvalidOperationException("sleep did not start");
        foreach (var procs in group.ProcsFiles) File.WriteAllText(procs, sleep.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return sleep;
    }

    [SandboxFact(needsCgroup: true)]
    public void A_process_that_does_not_end_by_itself_is_killed_after_the_patience()
    {
        var group = Sandboxed.Cgroups.Create(ResourceLimits.Default);
        using var sleep = SleepIn(group, "60");

        using (var forked = new ForkedCgroup(group, limitsMemory: true)) forked.KillAll();

        sleep.WaitForExit(5_000).ShouldBeTrue("the process left in the group was killed");
        sleep.ExitCode.ShouldBe(128 + 9, "by SIGKILL");
        group.Directories.ShouldAllBe(d => !Directory.Exists(d) || File.ReadAllText(Path.Combine(d, "cgroup.procs")).Length == 0);
    }

    [SandboxFact(needsCgroup: true)]
    public void A_group_disposed_without_its_worker_killed_first_is_swept_at_once()
    {
        // A fork abandoned before its worker existed: its monitor may be joining the group; nothing waits for it.
        var group = Sandboxed.Cgroups.Create(ResourceLimits.Default);
        using var sleep = SleepIn(group, "60");

        var forked = new ForkedCgroup(group, limitsMemory: true, patience: TimeSpan.FromSeconds(60));
        Task.Run(forked.Dispose).Wait(TimeSpan.FromSeconds(30)).ShouldBeTrue("the sweep did not wait out the 60 s patience");

        sleep.WaitForExit(5_000).ShouldBeTrue("the process in the group was killed, not waited for");
        sleep.ExitCode.ShouldBe(128 + 9, "by SIGKILL");
    }

    [SandboxFact(needsCgroup: true)]
    public void A_group_that_empties_by_itself_is_left_to_do_so()
    {
        var group = Sandboxed.Cgroups.Create(ResourceLimits.Default);
        using var sleep = SleepIn(group, "0.2");

        using var forked = new ForkedCgroup(group, limitsMemory: true, patience: TimeSpan.FromSeconds(10));
        forked.KillAll();

        sleep.HasExited.ShouldBeTrue();
        sleep.ExitCode.ShouldBe(0, "it ended by itself, not by a kill");
    }
}
