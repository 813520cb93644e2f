namespace CodeGrader.Core.Execution;

/// <summary>
/// What one submission's worker may use. Immutable; change with <c>with</c>. The host enforces wall time
/// and output itself; the confinement enforces the rest (cgroup or rlimits).
/// </summary>
public sealed record ResourceLimits
{
    public static readonly ResourceLimits Default = new();

    /// <summary>Wall time per test (and for compiling and importing the submission).</summary>
    public TimeSpan TimePerTest { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Extra wall time after the soft interrupt before the host kills the worker.</summary>
    public TimeSpan KillGrace { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>CPU seconds for the whole worker (soft = hard, so SIGXCPU cannot be ignored).</summary>
    public TimeSpan CpuTime { get; init; } = TimeSpan.FromSeconds(60);

    public long MemoryBytes { get; init; } = 256L * 1024 * 1024;
    public int Processes { get; init; } = 16;
    public long FileSizeBytes { get; init; } = 1024 * 1024;
    public int OpenFiles { get; init; } = 64;

    /// <summary>Characters of stdout and of stderr kept per test, and bytes written to the real descriptors per worker.</summary>
    public int OutputBytes { get; init; } = 64 * 1024;

    /// <summary>The most values one answer may hold (the harness's value limits; over them the value is "too large").</summary>
    public int MaxValues { get; init; } = 1_000_000;

    /// <summary>The most characters of text one answer may hold.</summary>
    public int MaxValueChars { get; init; } = 16 * 1024 * 1024;

    /// <summary>Size of the private scratch file system.</summary>
    public long ScratchBytes { get; init; } = 16L * 1024 * 1024;

    /// <summary>The hard deadline for one request: the soft limit plus the grace.</summary>
    public TimeSpan HardDeadline => TimePerTest + KillGrace;

    /// <summary>Wall time for loading (compiling and importing) the submission; null gives it <see cref="TimePerTest"/>.</summary>
    public TimeSpan? LoadTime { get; init; }

    /// <summary>The load's limit and the hard deadline behind it.</summary>
    internal TimeSpan LoadLimit => LoadTime ?? TimePerTest;

}
