namespace CodeGrader.Core.Results;

/// <summary>The verdict on a whole submission (DESIGN.md, "Verdicts").</summary>
public enum Verdict
{
    Accepted,
    WrongAnswer,
    RuntimeError,
    TimeLimitExceeded,
    MemoryLimitExceeded,
    OutputLimitExceeded,
    CompileError,
    InternalError,
}
