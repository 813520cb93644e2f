using CodeGrader.Core.Execution;
using CodeGrader.Python;

namespace CodeGrader.Core.Comparison;

/// <summary>
/// Decides <c>raises: X</c>: the exception's type or any base has that name. A name without a dot also matches the
/// submission's own classes (module <c>solution</c>); a dotted name must equal the class's <c>module.QualifiedName</c>.
/// </summary>
internal static class ExceptionMatcher
{
    public static bool Matches(PythonError error, string expected) =>
        Names(error).Any(name => Matches(name, expected));

    private static bool Matches(string name, string expected) =>
        name == expected || (!expected.Contains('.', StringComparison.Ordinal) && name == ExceptionNames.SubmissionModule + "." + expected);

    private static IEnumerable<string> Names(PythonError error)
    {
        yield return error.Type;
        foreach (var b in error.Bases) yield return b;
    }
}
