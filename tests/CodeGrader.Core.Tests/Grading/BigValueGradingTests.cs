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
    public async Task A_million_digit_integer_answer_is_graded_in_a_fraction_of_the_time_its_call_takes(string submission, TestStatus status)
    {
        using var folder = new TempExercise(Yaml, Reference);
        var report = await Graders.GradeAsync(folder.Directory, "solution.py", submission);
        var test = report.Tests.ShouldHaveSingleItem();
        test.Status.ShouldBe(status, test.Message);
        test.Expected.ShouldBe("<an int of 1,000,000 digits: 18000…000>");
        test.Actual.ShouldEndWith("digits: " + (status == TestStatus.Passed ? "18000…000>" : "17000…000>"));
        // Everything the host did for the test (send, read, parse, compare, describe) against the call alone
        // (which builds the number: the same kind of work, on the same machine). Writing it in decimal took 40 times longer.
        var call = test.CallMs.ShouldNotBeNull();
        report.Timings.TestsMs.ShouldBeLessThan(3 * call, $"call {call} ms");
        var text = new StringWriter();
        new TextReportWriter(color: false).Write(report, text);
        text.ToString().Length.ShouldBeLessThan(5000);
    }
}
