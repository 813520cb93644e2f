using CodeGrader.Core.Reports;
using CodeGrader.Core.Results;

namespace CodeGrader.Core.Tests.Reports;

/// <summary>The console report: table, failures with expected and actual, diagnostics with a caret, and the sandbox line.</summary>
public sealed class TextReportTests
{
    [Fact]
    public async Task The_text_report_has_the_verdict_a_table_and_each_failure()
    {
        var text = ReportWriters.Render(await ReportFixtures.FailingEverywhereAsync(), ReportFormat.Text, ReportView.Author);
        text.ShouldContain("WRONG ANSWER  score");
        text.ShouldContain("hidden timeout");
        text.ShouldContain("timeout");
        text.ShouldContain("expected: 'ZQXSECRET-ARG-1'");
        text.ShouldContain("actual:   'ZQXSECRET-wrong-ZQXSECRET-arg-1'");
        text.ShouldContain("warning: the sandbox was off");
        text.ShouldContain("sandbox: OFF");
    }

    [Fact]
    public async Task Without_colour_there_are_no_escape_codes_and_with_colour_there_are()
    {
        var report = await ReportFixtures.FailingEverywhereAsync();
        ReportWriters.Render(report, ReportFormat.Text, ReportView.Author, color: false).ShouldNotContain("\u001b[");
        ReportWriters.Render(report, ReportFormat.Text, ReportView.Author, color: true).ShouldContain("\u001b[");
    }

    [Fact]
    public void Diagnostics_are_printed_compiler_style_with_the_source_line_and_a_caret()
    {
        var report = CompileErrorWith(new ReportDiagnostic("CG3002", CodeGrader.Core.Diagnostics.DiagnosticSeverity.Error,
            "'sorted' is not allowed in this exercise", "s.py", 2, 12, 2, 18, "    return sorted(x)"));
        var lines = ReportWriters.Render(report, ReportFormat.Text, ReportView.Author).Split('\n');
        var at = Array.IndexOf(lines, "s.py(2,12): error CG3002: 'sorted' is not allowed in this exercise");
        at.ShouldBeGreaterThan(0);
        lines[at + 1].ShouldBe("  2 |     return sorted(x)");
        lines[at + 2].ShouldBe("    |            ^^^^^^");
    }

    [Fact]
    public void A_diagnostic_on_a_very_long_line_shows_the_part_around_its_column_with_the_caret_under_it()
    {
        var line = "#" + new string('x', 80_000) + "BAD" + new string('y', 80_000);
        var report = CompileErrorWith(new ReportDiagnostic("CG3003", CodeGrader.Core.Diagnostics.DiagnosticSeverity.Error,
            "the source is too long", "s.py", 3, 80_002, 3, 80_005, line));
        var lines = ReportWriters.Render(report, ReportFormat.Text, ReportView.Author).Split('\n');
        var at = Array.IndexOf(lines, "s.py(3,80002): error CG3003: the source is too long");
        at.ShouldBeGreaterThan(0);
        var (source, caret) = (lines[at + 1], lines[at + 2]);
        source.Length.ShouldBeLessThan(200, "an 160,000-character line is not printed whole");
        source.ShouldStartWith("  3 | …x");
        source.ShouldEndWith("y…");
        source.Substring(caret.IndexOf('^'), 3).ShouldBe("BAD");
        caret.Count(c => c == '^').ShouldBe(3);
    }

    private static GradeReport CompileErrorWith(ReportDiagnostic diagnostic) => new()
    {
        Exercise = "Add",
        ExerciseId = "add",
        Submission = "s.py",
        Verdict = CodeGrader.Core.Results.Verdict.CompileError,
        Score = 0,
        Diagnostics = [diagnostic],
        Sandbox = new SandboxInfo("bubblewrap", true),
        Timings = new GradeTimings(1, 0, null, null, 0),
    };
}
