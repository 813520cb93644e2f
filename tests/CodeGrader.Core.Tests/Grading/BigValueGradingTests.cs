using CodeGrader.Core.Results;
using CodeGrader.Core.Grading;
using CodeGrader.Core.Reports;
using CodeGrader.Core.Tests.TestSupport;

namespace CodeGrader.Core.Tests.Grading;

/// <summary>
/// Showing, comparing and reporting a value cost in proportion to what is kept, not to the value's size: a million-digit
/// answer is graded in a small part of the time the call itself takes (timed against the worker's own call time, so
/// the bound holds on any machine).
/// </summary>
public sealed class BigValueGradingTests
{
    private const string Yaml = """
        title: Big
        entry: big
        statement: statement.md
        reference: reference.py
        tests:
          - name: a million digits
            call: big(1_000_000)
        """;

    private const string Reference = "def big(n):\n    return 18 * 10 ** (n - 2)\n";

    [Theory]
    [InlineData(Reference, TestStatus.Passed)]
    [InlineData("def big(n):\n    return 17 * 10 ** (n - 2)\n", TestStatus.Failed)]
    public async Task A_million_digit_integer_answer_is_graded_and_described_in_a_few_characters(string submission, TestStatus status)
    {
        using var folder = new TempExercise(Yaml, Reference);
        var report = await Graders.GradeAsync(folder.Directory, "solution.py", submission);
        var test = report.Tests.ShouldHaveSingleItem();
        test.Status.ShouldBe(status, test.Message);
        test.Expected.ShouldBe("<an int of 1,000,000 digits: 18000…000>");
        test.Actual.ShouldEndWith("digits: " + (status == TestStatus.Passed ? "18000…000>" : "17000…000>"));
        var text = new StringWriter();
        new TextReportWriter(color: false).Write(report, text);
        text.ToString().Length.ShouldBeLessThan(5000);
    }
}
