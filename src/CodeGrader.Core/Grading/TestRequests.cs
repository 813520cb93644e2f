using System.Runtime.CompilerServices;
using CodeGrader.Core.Exercises;
using CodeGrader.Core.Execution;
using CodeGrader.Core.Values;
using CodeGrader.Core.Results;

namespace CodeGrader.Core.Grading;

/// <summary>
/// Builds the worker request for a test, the same for a submission and for the reference. A test with <c>take</c>
/// wraps its call so that a value that is not an iterator comes back as a 1-tuple, never as a list: the worker turns
/// only iterators into the list of taken items, so the host can tell "returned a list" from "yielded these items".
/// </summary>
internal static class TestRequests
{
    // A prepared exercise's tests are the same objects for each of its submissions: each test's request is built once
    // (reading a call's literals for the apply form was about 2% of the host's samples in a 1,000-submission batch).
    private static readonly ConditionalWeakTable<ExerciseTest, TestRequest> Built = new();

    public static TestRequest For(ExerciseTest test) => Built.GetValue(test, Build);

    private static TestRequest Build(ExerciseTest test)
    {
        if (test.Call is { } call && test.Take is { } take)
            return TestRequest.ForCall($"(lambda __cg_value: __cg_value if hasattr(type(__cg_value), '__next__') else (__cg_value,))(\n{call}\n)", take);
        return test.ToRequest();
    }

    /// <summary>For a test with take: the value the call returned when it was not an iterator, else null.</summary>
    public static PyValue? NotAnIterator(ExerciseTest test, PyValue actual) =>
        test.Take is not null && actual is PySequence { Kind: SequenceKind.Tuple, Items: [var value] } ? value : null;
}
