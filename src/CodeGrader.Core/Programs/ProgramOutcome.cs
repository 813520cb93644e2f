namespace CodeGrader.Core.Programs;

/// <summary>How a program run ended.</summary>
public enum ProgramOutcome
{
    /// <summary>It ran to the end with exit status 0.</summary>
    Ok,
    /// <summary>It raised (the exception and traceback are in <see cref="ProgramRun.Error"/>), exited with a status other than 0, or died by a signal.</summary>
    RuntimeError,
    /// <summary>It was still running at the time limit (or used up its CPU, or the host killed it at the wall time limit).</summary>
    TimeLimit,
    /// <summary>It ran out of memory (MemoryError, or the confinement's memory limit killed it).</summary>
    MemoryLimit,
    /// <summary>It wrote more than the output limit to stdout or stderr.</summary>
    OutputLimit,
    /// <summary>The source did not compile (a syntax error; <see cref="ProgramRun.CompileError"/> says where).</summary>
    CompileError,
    /// <summary>The sandbox or the worker failed, not the program (<see cref="ProgramRun.Message"/> says what).</summary>
    InternalError,
}
