using System.Collections.Immutable;
using System.Text;
using System.Text.Unicode;
using CodeGrader.Core.Diagnostics;
using CodeGrader.Core.Results;
using CodeGrader.Python;

namespace CodeGrader.Core.Programs;

/// <summary>
/// What running a program on an input came to. Output is kept as the bytes the program wrote (it may not be UTF-8,
/// or not text at all); <see cref="StdoutText"/> and <see cref="StderrText"/> decode it as UTF-8, each invalid byte
/// becoming U+FFFD, and <see cref="IsUtf8"/> says whether that lost anything. Times and memory are the host's and the
/// confinement's measurements: <see cref="WallTime"/> by the host's clock around the run, <see cref="CpuTime"/> the
/// worker process's CPU during the run, <see cref="PeakMemoryBytes"/> the worker's peak (its Python included) where the
/// confinement measures it.
/// </summary>
/// <param name="ExitCode">The exit status the program would have had as a script (0, a <c>sys.exit</c> status, 1 for an
/// uncaught exception); null when it did not end by itself (a limit, a signal, an internal error).</param>
/// <param name="Signal">The signal that killed the worker, when one did.</param>
/// <param name="Message">What happened, in one line (null for a clean run).</param>
/// <param name="Error">The uncaught exception (type, message, traceback) of a runtime error or a MemoryError.</param>
/// <param name="CompileError">Where and why the source does not compile.</param>
public sealed record ProgramRun(
    ProgramOutcome Outcome,
    ImmutableArray<byte> Stdout,
    ImmutableArray<byte> Stderr,
    int? ExitCode,
    int? Signal,
    string? Message,
    PythonError? Error,
    Diagnostic? CompileError,
    TimeSpan WallTime,
    TimeSpan? CpuTime,
    long? PeakMemoryBytes,
    bool OutputTruncated,
    SandboxInfo Sandbox)
{
    public string StdoutText => Decode(Stdout);

    public string StderrText => Decode(Stderr);

    /// <summary>True when both stdout and stderr are valid UTF-8 (their text loses nothing).</summary>
    public bool IsUtf8 => Utf8.IsValid(Stdout.AsSpan()) && Utf8.IsValid(Stderr.AsSpan());

    private static string Decode(ImmutableArray<byte> bytes) => Encoding.UTF8.GetString(bytes.AsSpan());
}
