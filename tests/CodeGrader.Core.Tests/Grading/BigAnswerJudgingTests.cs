using CodeGrader.Core.Engine;
using CodeGrader.Core.Execution;
using CodeGrader.Core.Results;
using CodeGrader.Core.Tests.TestSupport;

namespace CodeGrader.Core.Tests.Grading;

/// <summary>
/// Answers over 64 KiB are judged from their JSON: one byte for byte the reference's passes without being built on the
/// host, and the report shows it as it would any value; any other is read and compared as usual.
/// </summary>
public sealed class BigAnswerJudgingTests : IDisposable
{
    private const string Yaml = """
        title: Halves
        statement: statement.md
        entry: halves
        reference: reference.py
        tests:
          - name: small
            call: halves(3)
          - name: big
            call: halves(30000)
        """;

    private const string Reference = "def halves(n):\n    return [i * 0.5 for i in range(n)]\n";

    private readonly TempExercise _exercise = new(Yaml, Reference);

    public void Dispose() => _exercise.Dispose();

    private async Task<GradeReport> GradeAsync(string source)
    {
        await using var engine = new GradingEngine(GradingEngineOptions.Default with { Sandbox = SandboxMode.Off });
        return await engine.GradeAsync(_exercise.Directory, SubmissionSource.FromText("s.py", source));
    }

    [Fact]
    public async Task A_big_answer_equal_to_the_references_passes_and_the_report_shows_its_start_and_its_size()
    {
        var report = await GradeAsync("def halves(n):\n    return [x / 2 for x in range(n)]\n");

        report.Verdict.ShouldBe(Verdict.Accepted);
        var big = report.Tests.Single(t => t.Name == "big");
        big.Actual.ShouldBe(big.Expected);
        big.Actual.ShouldStartWith("[0.0, 0.5, 1.0, 1.5, ");
        big.Actual.ShouldEndWith("... [a list of 30,000 items]");
    }

    [Theory]
    [InlineData("def halves(n):\n    return [i * 0.5 for i in range(n - 1)] + [0.0]\n", "a wrong last item")]
    [InlineData("def halves(n):\n    return [i * 0.5 for i in range(n - 1)]\n", "one item short")]
    [InlineData("def halves(n):\n    return tuple(i * 0.5 for i in range(n))\n", "a tuple")]
    public async Task A_big_answer_that_differs_anywhere_fails_with_what_differs(string source, string what)
    {
        var report = await GradeAsync(source);

        report.Verdict.ShouldBe(Verdict.WrongAnswer, what);
        var big = report.Tests.Single(t => t.Name == "big");
        big.Status.ShouldBe(TestStatus.Failed, what);
        big.Message.ShouldNotBeNullOrEmpty();
        big.Expected.ShouldEndWith("... [a list of 30,000 items]");
    }
}
