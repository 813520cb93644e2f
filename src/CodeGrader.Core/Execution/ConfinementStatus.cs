namespace CodeGrader.Core.Execution;

/// <summary>Whether untrusted code can be confined on this machine: the confinement, or why not.</summary>
public sealed record ConfinementStatus(IWorkerConfinement? Confinement, string? Problem)
{
    public bool IsAvailable => Confinement is not null;

    /// <summary>
    /// The confinement to grade with: the sandbox when available; else, only when the user explicitly opted out,
    /// <see cref="NoConfinement"/> (whose description every report then carries); else an error saying why.
    /// </summary>
    public IWorkerConfinement Select(bool allowUnconfined)
    {
        if (Confinement is not null) return Confinement;
        if (allowUnconfined) return NoConfinement.Instance;
        throw new SandboxUnavailableException(
            $"The sandbox is unavailable: {Problem} Run scripts/setup.sh (as root) to install it, " +
            "or opt out explicitly (--no-sandbox; SandboxMode.IfAvailable or Off in the engine's options) to grade without " +
            "confinement (only for code you trust).");
    }
}

/// <summary>Untrusted code cannot be confined here and the user did not opt out.</summary>
public sealed class SandboxUnavailableException(string message) : Exception(message);
