using System.Collections.Immutable;
using System.Globalization;
using CodeGrader.Core.Diagnostics;
using CodeGrader.Core.Exercises;
using CodeGrader.Core.InHost;

namespace CodeGrader.Core.Grading;

/// <summary>
/// Preparing an exercise's tests.py: its problems as diagnostics at tests.py's line and column, its tests appended to the
/// exercise's (after the YAML ones, in file order), each with the sample flag and weight its decorators give.
/// </summary>
internal static class PythonTests
{
    public static async Task<Exercise> AddAsync(Exercise exercise, GradingOptions options, ImmutableArray<Diagnostic>.Builder diagnostics, CancellationToken cancellationToken)
    {
        if (exercise.PythonTestsPath is not { } path || exercise.Entry is not { } entry) return exercise;
        var text = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        var found = await PythonTestFile.DiscoverAsync(options.Worker.Python, text, entry, options.TrustedTimeLimit, cancellationToken).ConfigureAwait(false);
        if (found.End != AuthorCodeEnd.Completed)
        {
            diagnostics.Add(new Diagnostic(ExerciseDiagnostics.AuthorCodeTooSlow, Location.StartOf(path),
                $"{PythonTestFile.FileName} ran past its time limit of {LimitParser.FormatDuration(options.TrustedTimeLimit)} while it was loaded and was interrupted"));
            return exercise;
        }
        foreach (var problem in found.Problems)
        {
            var at = new LinePosition(Math.Max(problem.Line - 1, 0), problem.Column);
            diagnostics.Add(new Diagnostic(ExerciseDiagnostics.PythonTestsProblem, new Location(path, new LinePositionSpan(at, at)), problem.Message));
        }
        if (!found.Problems.IsEmpty) return exercise;
        if (found.Tests.IsEmpty && exercise.Tests.IsEmpty)
        {
            diagnostics.Add(new Diagnostic(ExerciseDiagnostics.NoTests, Location.StartOf(path),
                $"{PythonTestFile.FileName} defines no test: write test_* functions, unittest.TestCase methods, or check(candidate)"));
            return exercise;
        }
        var first = exercise.Tests.Length;
        var names = exercise.Tests.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var added = found.Tests.Select((t, i) =>
        {
            var at = new LinePosition(t.Line - 1, 0);
            return new ExerciseTest
            {
                Index = first + i,
                Name = names.Contains(t.Id) ? string.Create(CultureInfo.InvariantCulture, $"{t.Id} ({PythonTestFile.FileName})") : t.Id,
                Sample = t.Sample,
                Weight = t.Weight,
                Location = new Location(path, new LinePositionSpan(at, at)),
                PythonTest = t.Id,
                Comparison = exercise.Comparison,
            };
        });
        return exercise with { Tests = [.. exercise.Tests, .. added] };
    }
}
