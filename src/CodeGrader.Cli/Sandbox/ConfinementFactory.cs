using CodeGrader.Core.Execution;
using CodeGrader.Sandbox;

namespace CodeGrader.Cli.Sandbox;

/// <summary>
/// The one place the CLI decides how candidates' workers are confined: the bubblewrap sandbox when this machine
/// supports it; without it, <see cref="NoConfinement"/> only when the user passed <c>--no-sandbox</c>, else
/// <see cref="SandboxUnavailableException"/> (exit code 3). Reports carry the description either way.
/// </summary>
internal static class ConfinementFactory
{
    public static IWorkerConfinement ForCandidates(bool noSandbox) =>
        noSandbox ? NoConfinement.Instance : LinuxSandbox.Instance.Detect().Select(allowUnconfined: false);

    /// <summary>For an exercise's own solutions (the author's code): the sandbox when available, else unconfined.</summary>
    public static IWorkerConfinement ForAuthorCode(bool noSandbox) =>
        noSandbox ? NoConfinement.Instance : LinuxSandbox.Instance.Detect().Select(allowUnconfined: true);
}
