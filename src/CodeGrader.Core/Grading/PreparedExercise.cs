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

    /// <summary>The reference's time on each test (by index), as the worker measured its call, where it ran: tests run cheapest first.</summary>
    internal ImmutableDictionary<int, TimeSpan> ReferenceTimes { get; init; } = ImmutableDictionary<int, TimeSpan>.Empty;
}

/// <summary>A prepared exercise, or the problems that keep it from being one (diagnostics against exercise.yaml).</summary>
public sealed record ExercisePreparation(PreparedExercise? Exercise, ImmutableArray<Diagnostic> Diagnostics)
{
    public bool Succeeded => Exercise is not null;
}
