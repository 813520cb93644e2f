using CodeGrader.Core.Execution;
using CodeGrader.Sandbox;
using CodeGrader.Sandbox.Bubblewrap;

namespace CodeGrader.Bench;

/// <summary>
/// The sandbox built one part at a time, so the bench can split the confinement cost by difference of medians:
/// the launcher shell alone (rlimits, then exec of the worker), the launcher joining a fresh worker cgroup, and
/// bubblewrap without a cgroup (namespaces, mounts, seccomp). Each variant starts the real worker through the host's
/// own spawn path; none is a way to run submissions.
/// </summary>
internal static class ConfinementPhases
{
    /// <summary>The launcher shell execs the worker itself (no bubblewrap), optionally after joining a worker cgroup.</summary>
    public static IWorkerConfinement LauncherOnly(BubblewrapConfinement sandbox, bool joinCgroup) => new Launcher(sandbox, joinCgroup);

    /// <summary>bubblewrap, seccomp and rlimits as for a worker, without a cgroup.</summary>
    public static IWorkerConfinement? WithoutCgroup() => SandboxAvailability.Probe(useCgroups: false).Confinement;

    private sealed class Launcher(BubblewrapConfinement sandbox, bool joinCgroup) : IWorkerConfinement
    {
        public string Description => joinCgroup ? "launcher + cgroup" : "launcher";

        public bool IsConfined => false;

        public IConfinedLaunch Prepare(WorkerCommand command, ResourceLimits limits)
        {
            var cgroup = joinCgroup ? sandbox.Cgroups?.Create(limits) : null;
            var launcher = SandboxLauncher.Command(
                command.Executable, [.. command.Arguments], sandbox.SeccompPath, cgroup?.ProcsFiles ?? [], limits, sandbox.Cgroups?.LimitsMemory == true);
            // The worker reads its settings from the environment that bubblewrap would set: the shell passes this one on.
            return new BubblewrapLaunch(launcher with { Environment = command.Environment }, cgroup);
        }
    }
}
