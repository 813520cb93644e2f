using System.Collections.Immutable;
using CodeGrader.Core.Diagnostics;
using CodeGrader.Core.Values;
using CodeGrader.Python;

namespace CodeGrader.Core.Execution;

/// <summary>A worker that reached the ready state: its Python, its pid, and how long the host waited for it.</summary>
internal sealed record WorkerReady(string PythonVersion, int Pid, TimeSpan StartToReady);

/// <summary>Why the host stopped a worker, as the host itself observed it.</summary>
public enum KillReason
{
    None,
    /// <summary>The hard deadline of a request passed.</summary>
    Timeout,
    /// <summary>The worker wrote more than the cap to its real stdout or stderr.</summary>
    OutputLimit,
    /// <summary>The worker broke the protocol (garbage, an answer out of turn, a forged id).</summary>
    ProtocolViolation,
    /// <summary>The host was done with it (disposal or cancellation).</summary>
    Disposed,
}

/// <summary>How a worker process ended: the exit, what the confinement measured, why the host killed it, and its stderr.</summary>
public sealed record WorkerEnd(ChildExit Exit, ConfinedUsage Usage, KillReason KilledBy, string Stderr)
{
    public override string ToString() => KilledBy switch
    {
        KillReason.None => Exit.ToString(),
        _ => $"{Exit} (the host killed it: {KilledBy})",
    };
}

/// <summary>What running one request came to, from the host's point of view.</summary>
public enum RunStatus
{
    /// <summary>The code ran to completion (a value came back, or the submission loaded).</summary>
    Completed,
    /// <summary>The code raised an exception.</summary>
    Raised,
    /// <summary>The per-test time limit passed (soft interrupt landed, or the host killed the worker).</summary>
    TimedOut,
    /// <summary>The worker's memory limit was hit.</summary>
    MemoryLimit,
    /// <summary>Captured output exceeded its cap.</summary>
    OutputLimit,
    /// <summary>The worker died by a signal (segfault, abort, ...).</summary>
    Crashed,
    /// <summary>The worker exited (any status) without answering: os._exit, a killed parent, ...</summary>
    EarlyExit,
    /// <summary>The worker answered with something that is not a valid answer.</summary>
    ProtocolError,
    /// <summary>The submission did not compile (diagnostics say why).</summary>
    CompileError,
}

/// <summary>The answer to loading a submission: compiled and imported, or why not.</summary>
public sealed record LoadResult(
    RunStatus Status,
    ImmutableArray<Diagnostic> Diagnostics,
    PythonError? Error,
    string Stdout,
    string Stderr,
    TimeSpan HostTime,
    string? Message = null,
    WorkerEnd? End = null)
{
    public bool Succeeded => Status == RunStatus.Completed;
}

/// <summary>One checked step of a class test.</summary>
public sealed record StepResult(int Index, RunStatus Status, PyValue? Value, PythonError? Error, string Stdout);

/// <summary>The answer to one test: the actual value or exception, captured output and both clocks.</summary>
public sealed record TestRunResult(
    RunStatus Status,
    PyValue? Value,
    PythonError? Error,
    string Stdout,
    string Stderr,
    TimeSpan HostTime,
    TimeSpan? WorkerTime,
    bool OutputTruncated = false,
    bool MoreItems = false,
    string? Message = null,
    WorkerEnd? End = null)
{
    public ImmutableArray<StepResult> Steps { get; init; } = [];

    /// <summary>A program run on bytes: the bytes it wrote to stdout (then <see cref="Stdout"/> is empty).</summary>
    public ImmutableArray<byte>? StdoutBytes { get; init; }

    /// <summary>A program run on bytes: the bytes it wrote to stderr.</summary>
    public ImmutableArray<byte>? StderrBytes { get; init; }

    /// <summary>A program run on bytes: the worker process's CPU time during the run, as the worker measured it.</summary>
    public TimeSpan? CpuTime { get; init; }

    /// <summary>
    /// A big answer's value (over 64 KiB) as the worker wrote it, canonical JSON (a slice of the answer, not a copy): an
    /// expected value kept as the reference's own JSON is compared with it byte for byte first. A test pipeline leaves
    /// such a value unread (<see cref="Value"/> is null): see <see cref="ReadValue"/>.
    /// </summary>
    internal ReadOnlyMemory<byte>? ValueJson { get; init; }

    /// <summary>
    /// The answer's value: <see cref="Value"/>, or a big one read from <see cref="ValueJson"/>, each time it is called.
    /// Throws <see cref="FormatException"/> or <see cref="System.Text.Json.JsonException"/> when that JSON is not
    /// canonical (which only a subverted worker writes).
    /// </summary>
    internal PyValue? ReadValue() => Value ?? (ValueJson is { } json ? CodeGrader.Core.Values.CanonicalValueReader.Parse(json.Span) : null);
}
