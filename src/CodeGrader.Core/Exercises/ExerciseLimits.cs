using CodeGrader.Core.Execution;

namespace CodeGrader.Core.Exercises;

/// <summary>
/// The exercise's <c>limits</c>: wall time per test, memory per submission, output characters per test and stream, the
/// submission's total time budget (null: the default, <see cref="DefaultTotal"/>), and the size of one value the
/// worker sends back (values in it, and characters of text in it).
/// </summary>
public sealed record ExerciseLimits(TimeSpan Time, long MemoryBytes, int OutputCharacters)
{
    public static readonly ExerciseLimits Default = new(TimeSpan.FromSeconds(2), 128L * 1024 * 1024, 64 * 1024);

    /// <summary>The default <c>values</c>, and the most an exercise may raise it to.</summary>
    public const int DefaultMaxValues = 1_000_000;
    public const int MaxValuesCeiling = 2_000_000;

    /// <summary>The default <c>value_chars</c> (16 MiB), and the most an exercise may raise it to (32 MiB): one answer travels in a 64 MiB frame.</summary>
    public const int DefaultMaxValueChars = 16 * 1024 * 1024;
    public const int MaxValueCharsCeiling = 32 * 1024 * 1024;

    /// <summary>
    /// The default total budget is what every test may cost (its limit, plus <see cref="PerTestAllowance"/> for the kill
    /// grace and a fresh worker after a hard kill), but at most this many per-test limits, and never under
    /// <see cref="MinimumDefaultTotal"/>.
    /// </summary>
    public const int DefaultTotalTests = 10;
    public static readonly TimeSpan MinimumDefaultTotal = TimeSpan.FromSeconds(20);
    public static readonly TimeSpan PerTestAllowance = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Compiling and importing the submission gets <see cref="Time"/>, but never less than this: an import does no test's
    /// work, and a short per-test limit on a busy machine would otherwise turn a fresh worker's first page faults into a
    /// time limit before any test ran.
    /// </summary>
    public static readonly TimeSpan MinimumLoadTime = TimeSpan.FromSeconds(1);

    /// <summary><c>limits.total</c> as written, or null for the default.</summary>
    public TimeSpan? Total { get; init; }

    /// <summary><c>limits.values</c>: the most values (items, keys and values of containers, at any depth) one answer may hold.</summary>
    public int MaxValues { get; init; } = DefaultMaxValues;

    /// <summary><c>limits.value_chars</c>: the most characters of text (str, bytes as hex, big ints as hex) one answer may hold.</summary>
    public int MaxValueChars { get; init; } = DefaultMaxValueChars;

    /// <summary>
    /// The submission's total time budget for <paramref name="tests"/> tests: <c>limits.total</c>, or by default the sum of
    /// the tests' limits plus a second each, capped at <see cref="DefaultTotalTests"/> limits (at least <see cref="MinimumDefaultTotal"/>).
    /// </summary>
    public TimeSpan TotalFor(int tests)
    {
        if (Total is { } total) return total;
        var sum = (Time + PerTestAllowance) * tests;
        var cap = Time * DefaultTotalTests > MinimumDefaultTotal ? Time * DefaultTotalTests : MinimumDefaultTotal;
        return sum < cap ? sum : cap;
    }

    /// <summary>The worker's limits: these on top of <paramref name="baseline"/> (process, file and CPU limits).</summary>
    public ResourceLimits ToResourceLimits(ResourceLimits? baseline = null) => (baseline ?? ResourceLimits.Default) with
    {
        TimePerTest = Time,
        LoadTime = Time > MinimumLoadTime ? Time : MinimumLoadTime,
        MemoryBytes = MemoryBytes,
        OutputBytes = OutputCharacters,
        MaxValues = MaxValues,
        MaxValueChars = MaxValueChars,
    };
}
