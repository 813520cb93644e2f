using System.Collections.Immutable;
using CodeGrader.Core.Comparison;
using CodeGrader.Core.Diagnostics;

namespace CodeGrader.Core.Exercises;

/// <summary>
/// An exercise as loaded and validated from its folder (docs/exercise-format.md). Immutable. Expected values that
/// need Python (<c>expect_py</c>, values computed from the reference) come later, from <c>ExercisePreparer</c>.
/// </summary>
public sealed record Exercise
{
    /// <summary>The folder, as given.</summary>
    public required string Directory { get; init; }

    /// <summary>The exercise.yaml path, as diagnostics print it.</summary>
    public required string FilePath { get; init; }

    /// <summary>The folder's name.</summary>
    public string Id => Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(Directory)));

    public required string Title { get; init; }
    public ExerciseKind Kind { get; init; } = ExerciseKind.Function;

    /// <summary>The function or class name the submission must define; null for programs.</summary>
    public string? Entry { get; init; }

    public required string StatementPath { get; init; }
    public string? StarterPath { get; init; }
    public required string ReferencePath { get; init; }
    public Location? ReferenceLocation { get; init; }
    public string? CheckerPath { get; init; }
    public Location? CheckerLocation { get; init; }

    public ExerciseLimits Limits { get; init; } = ExerciseLimits.Default;
    public Location? LimitsLocation { get; init; }
    public ComparisonOptions Comparison { get; init; } = ComparisonOptions.Default;
    public ExerciseRestrictions Restrictions { get; init; } = ExerciseRestrictions.None;
    public required ImmutableArray<ExerciseTest> Tests { get; init; }

    /// <summary>The folder's tests.py (tests written in Python, run in the host), or null. Its tests join <see cref="Tests"/> when the exercise is prepared.</summary>
    public string? PythonTestsPath { get; init; }

    /// <summary>SHA-256 (hex) of exercise.yaml, the reference's and tests.py's bytes: the key expected values are cached under.</summary>
    public required string ContentHash { get; init; }

    public string SolutionsDirectory => Path.Combine(Directory, "solutions");
}
