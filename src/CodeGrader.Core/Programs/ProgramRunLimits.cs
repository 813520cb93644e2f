namespace CodeGrader.Core.Programs;

/// <summary>
/// What one program run (<see cref="Engine.GradingEngine.RunProgramAsync(Execution.SubmissionSource, ReadOnlyMemory{byte}, ProgramRunLimits?, CancellationToken)"/>)
/// may use. <see cref="Time"/> is the run's limit: the soft interrupt lands there and the worker's CPU is capped a second
/// above it; <see cref="WallTime"/> is when the host kills the worker whatever it does. Immutable; change with <c>with</c>.
/// </summary>
public sealed record ProgramRunLimits
{
    public static readonly ProgramRunLimits Default = new();

    /// <summary>The run's time limit (the soft interrupt; the worker's CPU rlimit is this rounded up, plus one second).</summary>
    public TimeSpan Time { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Wall time after which the host kills the worker; at least <see cref="Time"/>.</summary>
    public TimeSpan WallTime { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Memory for the whole worker (its Python included).</summary>
    public long MemoryBytes { get; init; } = 256L * 1024 * 1024;

    /// <summary>Bytes kept of stdout and of stderr each; writing past them ends the run as an output limit.</summary>
    public int OutputBytes { get; init; } = 64 * 1024;

    /// <summary>The largest file the program may write (in its private scratch space).</summary>
    public long FileSizeBytes { get; init; } = 1024 * 1024;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the limit that makes no sense.</summary>
    public void Validate()
    {
        if (Time <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(Time), Time, "the time limit must be positive");
        if (WallTime < Time) throw new ArgumentOutOfRangeException(nameof(WallTime), WallTime, $"the wall time limit must be at least the time limit ({Time})");
        if (MemoryBytes < 16L * 1024 * 1024) throw new ArgumentOutOfRangeException(nameof(MemoryBytes), MemoryBytes, "the memory limit must be at least 16 MiB (the worker's Python needs it)");
        if (OutputBytes < 1) throw new ArgumentOutOfRangeException(nameof(OutputBytes), OutputBytes, "the output limit must be at least one byte");
        if (FileSizeBytes < 1) throw new ArgumentOutOfRangeException(nameof(FileSizeBytes), FileSizeBytes, "the file size limit must be at least one byte");
    }
}
