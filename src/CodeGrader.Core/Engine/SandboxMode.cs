namespace CodeGrader.Core.Engine;

/// <summary>How a <see cref="GradingEngine"/> confines candidates' code.</summary>
public enum SandboxMode
{
    /// <summary>The sandbox or nothing: grading fails with <see cref="Execution.SandboxUnavailableException"/> where there is none. The default.</summary>
    Required,

    /// <summary>The sandbox where there is one, else unconfined (only for code you trust); reports say which.</summary>
    IfAvailable,

    /// <summary>Never confined (only for code you trust); every report says the sandbox was off.</summary>
    Off,
}
