using CodeGrader.Core.Grading;
using CodeGrader.Core.Reports;
using CodeGrader.Core.Results;

namespace CodeGrader.Core.Tests.Reports;

/// <summary>The candidate view never shows a hidden test's arguments, expected or actual value, output, or exception.</summary>
public sealed class CandidateViewTests
{
    [Theory]
    [InlineData(ReportFormat.Text)]
    [InlineData(ReportFormat.Json)]
    [InlineData(ReportFormat.JUnit)]
    public async Task No_hidden_value_appears_anywhere_in_the_candidate_output(ReportFormat format)
    {
        var report = await ReportFixtures.FailingEverywhereAsync();
        var text = ReportWriters.Render(report, format, ReportView.Candidate);
        text.ShouldNotContain(ReportFixtures.Secret, Case.Insensitive);
        text.ShouldContain("hidden wrong answer");
        text.ShouldContain("sample shown in full");
    }

    [Theory]
    [InlineData(ReportFormat.Text)]
    [InlineData(ReportFormat.Json)]
    [InlineData(ReportFormat.JUnit)]
    public async Task The_author_view_shows_the_hidden_values(ReportFormat format)
    {
        var report = await ReportFixtures.FailingEverywhereAsync();
        var text = ReportWriters.Render(report, format, ReportView.Author);
        text.ShouldContain("ZQXSECRET-arg-1");
        text.ShouldContain("ZQXSECRET-wrong-");
        text.ShouldContain("ZQXSECRET-message");
        text.ShouldContain("ZQXSECRET-printed");
    }

    [Fact]
    public async Task A_hidden_test_keeps_its_name_status_and_time_and_nothing_else()
    {
        var report = ReportViews.ForCandidate(await ReportFixtures.FailingEverywhereAsync());
        var hidden = report.Tests.Single(t => t.Name == "hidden exception");
        hidden.Status.ShouldBe(TestStatus.Error);
        hidden.Redacted.ShouldBeTrue();
        hidden.Message.ShouldBe("raised an exception");
        hidden.TimeMs.ShouldBeGreaterThan(0);
        (hidden.Call, hidden.Expected, hidden.Actual, hidden.Stdout, hidden.Stderr, hidden.Diff).ShouldBe((null, null, null, null, null, null));
        hidden.Error.ShouldBeNull();
        report.View.ShouldBe(ReportView.Candidate);
    }

    [Fact]
    public async Task A_hidden_test_time_is_shown_in_whole_milliseconds_rounded_up()
    {
        var author = await ReportFixtures.FailingEverywhereAsync();
        var candidate = ReportViews.ForCandidate(author);
        foreach (var (full, shown) in author.Tests.Zip(candidate.Tests).Where(p => !p.First.Sample))
        {
            shown.TimeMs.ShouldBe(Math.Ceiling(full.TimeMs));
            shown.CallMs.ShouldBeNull();
        }
        candidate.Tests.Where(t => !t.Sample).ShouldAllBe(t => t.TimeMs >= 1);
    }

    [Fact]
    public async Task A_sample_test_is_shown_in_full_to_the_candidate()
    {
        var report = ReportViews.ForCandidate(await ReportFixtures.FailingEverywhereAsync());
        var sample = report.Tests.Single(t => t.Sample);
        sample.Redacted.ShouldBeFalse();
        sample.Call.ShouldBe("echo(\"visible-sample-input\")");
        sample.Expected.ShouldBe("'VISIBLE-SAMPLE-INPUT'");
    }

    [Fact]
    public async Task The_verdict_and_score_are_the_same_in_both_views()
    {
        var author = await ReportFixtures.FailingEverywhereAsync();
        var candidate = ReportViews.ForCandidate(author);
        candidate.Verdict.ShouldBe(Verdict.WrongAnswer);
        candidate.Score.ShouldBe(author.Score);
        candidate.Message.ShouldBe("wrong answer on test 'hidden wrong answer'");
    }
}
