using CodeGrader.Core.Grading;
using CodeGrader.Core.Tests.TestSupport;
using CodeGrader.Core.Results;

namespace CodeGrader.Core.Tests.Grading;

/// <summary>The shipped palindrome exercise, graded end to end with real workers.</summary>
public sealed class PalindromeGradingTests
{
    private static readonly string Palindrome = Repository.Exercise("palindrome");

    [Fact]
    public async Task The_reference_is_accepted_with_full_score()
    {
        var report = await Graders.GradeFileAsync(Palindrome, Path.Combine(Palindrome, "reference.py"));
        report.Verdict.ShouldBe(Verdict.Accepted, report.Message);
        report.Score.ShouldBe(100);
        report.Tests.ShouldAllBe(t => t.Status == TestStatus.Passed);
        report.Exercise.ShouldBe("Palindrome check");
    }

    public static TheoryData<string> WrongSolutions()
    {
        var data = new TheoryData<string>();
        foreach (var folder in (string[])["wrong_answer", "runtime_error", "time_limit"])
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(Palindrome, "solutions", folder), "*.py").Order(StringComparer.Ordinal))
                data.Add(Path.Combine(folder, Path.GetFileName(file)));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(WrongSolutions))]
    public async Task Every_wrong_solution_is_not_accepted(string solution)
    {
        var report = await Graders.GradeFileAsync(Palindrome, Path.Combine(Palindrome, "solutions", solution));
        report.Verdict.ShouldNotBe(Verdict.Accepted);
        report.Score.ShouldBeLessThan(100);
        report.Tests.ShouldContain(t => t.Status != TestStatus.Passed);
    }
}
