using System.Diagnostics;
using System.Globalization;
using CodeGrader.Core.Execution;
using CodeGrader.Sandbox.Cgroups;

namespace CodeGrader.Sandbox.Tests.Cgroups;

/// <summary>
/// A worker's cgroup after the worker, in the machine's real cgroups: on cgroup v1 an emptied group is kept for the next
/// worker, and whatever page cache its worker left charged to it is handed back first, so the next worker's memory use
/// and peak start near zero. (On v2 every worker gets a fresh group; the group is gone after the worker.)
/// </summary>
public sealed class RecycledCgroupTests
{
    [SandboxFact(needsCgroup: true)]
    public void A_group_kept_for_the_next_worker_no_longer_holds_the_page_cache_its_worker_left()
    {
        Sandboxed.Cgroups.LimitsMemory.ShouldBeTrue("the memory controller is there wherever the sandbox has cgroups");
        var group = Sandboxed.Cgroups.Create(ResourceLimits.Default);
        var memory = group.Directories.Single(d => File.Exists(Path.Combine(d, "memory.usage_in_bytes")) || File.Exists(Path.Combine(d, "memory.current")));
        var file = Path.Combine(AppContext.BaseDirectory, $"page-cache-{Guid.NewGuid():N}.bin");
        try
        {
            // The writer joins the group before it writes (it waits for a line on stdin), so the 16 MiB of page cache it
            // leaves behind are charged to the group.
            using var writer = Process.Start(new ProcessStartInfo("sh", ["-c", $"read go && dd if=/dev/zero of='{file}' bs=1M count=16 conv=fsync status=none"])
            {
                RedirectStandardInput = true,
            }) ?? throw new InvalidOperationException("sh did not start");
            foreach (var procs in group.ProcsFiles) File.WriteAllText(procs, writer.Id.ToString(CultureInfo.InvariantCulture));
            writer.StandardInput.WriteLine("go");
            writer.StandardInput.Close();
            writer.WaitForExit(Sandboxed.Timeout).ShouldBeTrue();
            writer.ExitCode.ShouldBe(0);
            Usage(memory).ShouldNotBeNull().ShouldBeGreaterThan(16L << 20, "the file's pages are charged to the group");

            group.Dispose();

            if (Usage(memory) is { } left)
                left.ShouldBeLessThan(CgroupV1Group.PageCacheWorthEmptying, "the group kept for the next worker was emptied of its page cache");
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static long? Usage(string directory)
    {
        foreach (var name in new[] { "memory.usage_in_bytes", "memory.current" })
        {
            var path = Path.Combine(directory, name);
            if (File.Exists(path)) return long.Parse(File.ReadAllText(path).Trim(), CultureInfo.InvariantCulture);
        }
        return null;
    }
}
