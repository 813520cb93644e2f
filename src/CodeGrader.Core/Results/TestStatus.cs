namespace CodeGrader.Core.Results;

/// <summary>How one test ended (DESIGN.md, "Verdicts").</summary>
public enum TestStatus
{
    Passed,
    /// <summary>Wrong answer: a value that does not match, or the wrong exception.</summary>
    Failed,
    /// <summary>An exception where a value was expected.</summary>
    Error,
    Timeout,
    Memory,
    OutputLimit,
    /// <summary>The worker died by a signal, exited before answering, or broke the protocol.</summary>
    Crashed,
    NotRun,
}
