using System.Collections.Immutable;
using CodeGrader.Core.Diagnostics;
using CodeGrader.Core.Exercises;
using CodeGrader.Core.Results;

namespace CodeGrader.Core.Grading;

/// <summary>
/// An exercise ready to grade submissions: loaded, its test code compiled, and every expected value known. The
/// expected values stay inside the engine (a front end shows them only through an author-view report).
/// </summary>
public sealed record PreparedExercise
{
    internal PreparedExercise(Exercise exercise, ExpectedValues expected)
    {
        Exercise = exercise;
        Expected = expected;
    }

    public Exercise Exercise { get; }

    internal ExpectedValues Expected { get; }

    /// <summary>
    /// A test's expected value or exception, as reports show it (for an author's view of the exercise, or a sample
    /// test a candidate may see in full); null when the test is judged otherwise (a checker, a class test's steps).
    /// </summary>
    public string? DescribeExpected(ExerciseTest test)
    {
        ArgumentNullException.ThrowIfNull(test);
        return Expected.For(test.Index)?.Describe();
    }

    /// <summary>
    /// The same exercise with its sample tests only (the candidate's "Run" before "Submit"), renumbered, each with its
    /// expected value and the reference's time. Null when the exercise has no sample test.
    /// </summary>
    public PreparedExercise? SamplesOnly()
    {
        var samples = Exercise.Tests.Where(t => t.Sample).ToList();
        if (samples.Count == 0) return null;
        var renumbered = samples.Select((t, i) => (Old: t.Index, New: i)).ToDictionary(p => p.Old, p => p.New);
        var exercise = Exercise with { Tests = [.. samples.Select(t => t with { Index = renumbered[t.Index] })] };
        return new PreparedExercise(exercise, Expected.Renumbered(renumbered))
        {
            PythonTestsText = PythonTestsText,
            ReferenceTimes = ReferenceTimes.Where(t => renumbered.ContainsKey(t.Key)).ToImmutableDictionary(t => renumbered[t.Key], t => t.Value),
        };
    }

    /// <summary>The text of tests.py as it was prepared (its tests run from this text, whatever the file holds later).</summary>
    internal string? PythonTestsText { get; init; }

    /// <summary>The reference's time on each test (by index), as the worker measured its call, where it ran: tests run cheapest first.</summary>
    internal ImmutableDictionary<int, TimeSpan> ReferenceTimes { get; init; } = ImmutableDictionary<int, TimeSpan>.Empty;

    /// <summary>The reference's time on all its tests: about what grading a submission costs (a batch grades the costliest first).</summary>
    internal TimeSpan ReferenceTime => ReferenceTimes.Values.Aggregate(TimeSpan.Zero, (sum, time) => sum + time);

    /// <summary>The reference's values and times came from the disk cache: the reference did not run for this preparation.</summary>
    internal bool FromDiskCache { get; init; }
}

/// <summary>A prepared exercise, or the problems that keep it from being one (diagnostics against exercise.yaml).</summary>
public sealed record ExercisePreparation(PreparedExercise? Exercise, ImmutableArray<Diagnostic> Diagnostics)
{
    public bool Succeeded => Exercise is not null;
}
