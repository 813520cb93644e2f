using CodeGrader.Core.Results;
namespace CodeGrader.Core.Grading;

/// <summary>
/// The judge's decision on one test: its status, a message, the expected and actual values as shown to authors, a
/// diff for long texts; <see cref="Fault"/> when the exercise (its checker) failed rather than the submission.
/// </summary>
internal sealed record Judgement(TestStatus Status, string? Message, string? Expected = null, string? Actual = null, string? Diff = null, string? Fault = null)
{
    public static Judgement Faulted(string fault, string? expected = null, string? actual = null) =>
        new(TestStatus.NotRun, "not judged: " + fault, expected, actual, Fault: fault);
}
