using System.Collections.Immutable;
using CodeGrader.Core.Diagnostics;
using CodeGrader.Core.Exercises;
using CodeGrader.Core.Results;

namespace CodeGrader.Core.Grading;

/// <summary>An exercise ready to grade submissions: loaded, its test code compiled, and every expected value known.</summary>
public sealed record PreparedExercise(Exercise Exercise, ExpectedValues Expected);

/// <summary>A prepared exercise, or the problems that keep it from being one (diagnostics against exercise.yaml).</summary>
public sealed record ExercisePreparation(PreparedExercise? Exercise, ImmutableArray<Diagnostic> Diagnostics)
{
    public bool Succeeded => Exercise is not null;
}
