using System.Globalization;
using CodeGrader.Core.Execution;

namespace CodeGrader.Sandbox.Cgroups;

/// <summary>
/// The cgroup flavour this host can use for workers, with the parent directory (<c>codegrader/</c>) every
/// worker's cgroup is created under. Made by <see cref="CgroupDetector"/>.
/// </summary>
internal abstract class CgroupSupport
{
    private static long s_sequence;

    /// <summary>For reports, e.g. <c>cgroup v1 (memory, pids, freezer)</c>.</summary>
    public abstract string Description { get; }

    /// <summary>True when memory is limited by the cgroup (else the launcher falls back to <c>RLIMIT_DATA</c>).</summary>
    public abstract bool LimitsMemory { get; }

    /// <summary>True when the process count is limited by the cgroup.</summary>
    public abstract bool LimitsProcesses { get; }

    /// <summary>The <c>codegrader/</c> parent directories (one per v1 controller, or one).</summary>
    public abstract IReadOnlyList<string> Parents { get; }

    /// <summary>A group for one worker: the limits' memory, and their process count plus <paramref name="processesAround"/>.</summary>
    /// <param name="processesAround">Processes the sandbox adds around the worker in its group.</param>
    public abstract WorkerCgroup Create(ResourceLimits limits, int processesAround = BubblewrapProcesses);

    /// <summary>Processes the sandbox adds around the worker: bubblewrap's monitor (the launcher shell execs it; the worker is PID 1 inside).</summary>
    public const int BubblewrapProcesses = 1;

    /// <summary>Processes around a forked worker in its group: none (the zygote forks it as PID 1 of its namespace and reaps it from outside the group).</summary>
    public const int ForkedProcesses = 0;

    /// <summary>A fresh name per worker: <c>w{host pid}-{sequence}</c>, so stale groups of dead hosts can be recognised.</summary>
    protected static string NewName() =>
        string.Create(CultureInfo.InvariantCulture, $"w{Environment.ProcessId}-{Interlocked.Increment(ref s_sequence)}");

    /// <summary>
    /// Removes worker cgroups left by hosts that died (their pid, in the name, is gone): kills what they hold
    /// and removes them, so nothing is left behind even after a crash.
    /// </summary>
    public void RemoveStale()
    {
        foreach (var parent in Parents)
        {
            string[] children;
            try
            {
                children = Directory.GetDirectories(parent, "w*");
            }
            catch (IOException)
            {
                continue;
            }
            catch (UnauthorizedAccessException)
            {
                continue;
            }
            foreach (var child in children)
            {
                var name = Path.GetFileName(child);
                var dash = name.IndexOf('-', StringComparison.Ordinal);
                if (dash < 2 || !int.TryParse(name.AsSpan(1, dash - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) continue;
                if (pid == Environment.ProcessId || CgroupFiles.IsAlive(pid)) continue;
                CgroupFiles.KillUntilEmpty([child], TimeSpan.FromSeconds(1));
                CgroupFiles.TryRemove(child, TimeSpan.FromMilliseconds(200));
            }
        }
    }
}
