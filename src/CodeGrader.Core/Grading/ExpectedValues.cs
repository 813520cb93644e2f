using System.Collections.Immutable;
using CodeGrader.Core.Results;

namespace CodeGrader.Core.Grading;

/// <summary>
/// The resolved expectation of every test (step -1) and of every checked step of class tests, keyed by the test's
/// index in exercise.yaml and the step's index in its test.
/// </summary>
internal sealed class ExpectedValues(ImmutableDictionary<(int Test, int Step), Expected> values)
{
    public const int WholeTest = -1;

    public static readonly ExpectedValues Empty = new(ImmutableDictionary<(int, int), Expected>.Empty);

    public Expected? For(int test, int step = WholeTest) => values.GetValueOrDefault((test, step));

    public int Count => values.Count;

    /// <summary>These values for a subset of the tests, re-keyed by each kept test's new index.</summary>
    public ExpectedValues Renumbered(IReadOnlyDictionary<int, int> newIndexByOld) => new(values
        .Where(v => newIndexByOld.ContainsKey(v.Key.Test))
        .ToImmutableDictionary(v => (newIndexByOld[v.Key.Test], v.Key.Step), v => v.Value));
}
