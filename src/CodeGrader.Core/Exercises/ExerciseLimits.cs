using CodeGrader.Core.Execution;

namespace CodeGrader.Core.Exercises;

/// <summary>The exercise's <c>limits</c>: wall time per test, memory per submission, output characters per test and stream.</summary>
public sealed record ExerciseLimits(TimeSpan Time, long MemoryBytes, int OutputCharacters)
{
    public static readonly ExerciseLimits Default = new(TimeSpan.FromSeconds(2), 128L * 1024 * 1024, 64 * 1024);

    /// <summary>The worker's limits: these three on top of <paramref name="baseline"/> (process, file and CPU limits).</summary>
    public ResourceLimits ToResourceLimits(ResourceLimits? baseline = null) => (baseline ?? ResourceLimits.Default) with
    {
        TimePerTest = Time,
        MemoryBytes = MemoryBytes,
        OutputBytes = OutputCharacters,
    };
}
