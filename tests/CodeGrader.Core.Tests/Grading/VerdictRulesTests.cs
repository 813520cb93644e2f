using CodeGrader.Core.Execution;
using CodeGrader.Core.Grading;
using CodeGrader.Core.Results;

namespace CodeGrader.Core.Tests.Grading;

/// <summary>Statuses, verdicts and the score, per DESIGN.md, with DMOJ's precedence where several outcomes apply.</summary>
public sealed class VerdictRulesTests
{
    [Fact]
    public void Every_test_passing_is_accepted() =>
        VerdictRules.ForTests([TestStatus.Passed, TestStatus.Passed]).ShouldBe(Verdict.Accepted);

    [Fact]
    public void The_verdict_follows_the_first_test_that_did_not_pass() =>
        VerdictRules.ForTests([TestStatus.Passed, TestStatus.Error, TestStatus.Failed, TestStatus.Timeout]).ShouldBe(Verdict.RuntimeError);

    [Theory]
    [InlineData(TestStatus.Failed, Verdict.WrongAnswer)]
    [InlineData(TestStatus.Error, Verdict.RuntimeError)]
    [InlineData(TestStatus.Crashed, Verdict.RuntimeError)]
    [InlineData(TestStatus.Timeout, Verdict.TimeLimitExceeded)]
    [InlineData(TestStatus.Memory, Verdict.MemoryLimitExceeded)]
    [InlineData(TestStatus.OutputLimit, Verdict.OutputLimitExceeded)]
    public void Each_test_status_gives_its_verdict(TestStatus status, Verdict verdict) =>
        VerdictRules.ForTests([TestStatus.Passed, status]).ShouldBe(verdict);

    [Theory]
    [InlineData(new[] { TestStatus.Failed, TestStatus.Timeout }, TestStatus.Timeout)]
    [InlineData(new[] { TestStatus.Error, TestStatus.Memory }, TestStatus.Memory)]
    [InlineData(new[] { TestStatus.Failed, TestStatus.OutputLimit }, TestStatus.OutputLimit)]
    [InlineData(new[] { TestStatus.Error, TestStatus.Crashed }, TestStatus.Crashed)]
    [InlineData(new[] { TestStatus.Failed, TestStatus.Error }, TestStatus.Error)]
    [InlineData(new[] { TestStatus.Passed }, TestStatus.Passed)]
    public void Where_several_outcomes_apply_to_one_test_the_most_severe_wins(TestStatus[] statuses, TestStatus expected) =>
        VerdictRules.MostSevere(statuses).ShouldBe(expected);

    [Fact]
    public void The_score_is_the_weighted_share_of_passed_tests() =>
        VerdictRules.Score([(TestStatus.Passed, 3), (TestStatus.Failed, 1)]).ShouldBe(75);

    [Fact]
    public void The_score_is_rounded_to_two_decimals() =>
        VerdictRules.Score([(TestStatus.Passed, 1), (TestStatus.Failed, 1), (TestStatus.Failed, 1)]).ShouldBe(33.33);

    [Theory]
    [InlineData(RunStatus.CompileError, Verdict.CompileError)]
    [InlineData(RunStatus.Raised, Verdict.RuntimeError)]
    [InlineData(RunStatus.TimedOut, Verdict.TimeLimitExceeded)]
    [InlineData(RunStatus.Crashed, Verdict.RuntimeError)]
    public void A_failed_load_gives_the_verdict_of_how_it_failed(RunStatus status, Verdict verdict) =>
        VerdictRules.ForLoad(status).ShouldBe(verdict);

    [Fact]
    public void Statuses_and_verdicts_have_the_names_of_the_design() =>
        Enum.GetValues<Verdict>().Select(VerdictRules.Name).ShouldBe(
            ["accepted", "wrong_answer", "runtime_error", "time_limit_exceeded", "memory_limit_exceeded", "output_limit_exceeded", "compile_error", "internal_error"]);
}
