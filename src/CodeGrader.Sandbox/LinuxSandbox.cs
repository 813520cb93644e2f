using CodeGrader.Core.Execution;

namespace CodeGrader.Sandbox;

/// <summary>The Linux sandbox as an <see cref="IConfinementProvider"/>: bubblewrap + seccomp + cgroups, detected once per process.</summary>
public sealed class LinuxSandbox : IConfinementProvider
{
    public static readonly LinuxSandbox Instance = new();

    public ConfinementStatus Detect() => SandboxAvailability.Detect();
}
