using System.Xml.Linq;
using CodeGrader.Core.Grading;
using CodeGrader.Core.Reports;
using CodeGrader.Core.Results;

namespace CodeGrader.Core.Tests.Reports;

/// <summary>JUnit XML as CI servers read it: well-formed, one suite, the right counts, failure / error / skipped per test.</summary>
public sealed class JUnitReportTests
{
    private static XDocument Render(GradeReport report, ReportView view = ReportView.Author) =>
        XDocument.Parse(ReportWriters.Render(report, ReportFormat.JUnit, view));

    [Fact]
    public async Task The_xml_is_well_formed_with_one_suite_and_the_right_counts()
    {
        var report = await ReportFixtures.FailingEverywhereAsync();
        var xml = Render(report);
        var suite = xml.Root!.Elements("testsuite").ShouldHaveSingleItem();
        xml.Root.Name.LocalName.ShouldBe("testsuites");
        suite.Attribute("tests")!.Value.ShouldBe("7");
        suite.Attribute("failures")!.Value.ShouldBe(report.Tests.Count(t => t.Status == TestStatus.Failed).ToString(System.Globalization.CultureInfo.InvariantCulture));
        suite.Attribute("errors")!.Value.ShouldBe("2");
        suite.Attribute("skipped")!.Value.ShouldBe("0");
        var cases = suite.Elements("testcase").ToList();
        cases.Count.ShouldBe(7);
        cases.Single(c => c.Attribute("name")!.Value == "hidden wrong answer").Element("failure").ShouldNotBeNull();
        cases.Single(c => c.Attribute("name")!.Value == "hidden timeout").Element("error")!.Attribute("type")!.Value.ShouldBe("timeout");
        cases.Single(c => c.Attribute("name")!.Value == "hidden pass").Elements().ShouldBeEmpty();
        cases.ShouldAllBe(c => c.Attribute("classname")!.Value.StartsWith("codegrader.", StringComparison.Ordinal));
        cases.ShouldAllBe(c => double.Parse(c.Attribute("time")!.Value, System.Globalization.CultureInfo.InvariantCulture) >= 0);
    }

    [Fact]
    public void A_submission_that_never_ran_has_a_load_error_and_skipped_tests()
    {
        var report = new GradeReport
        {
            Exercise = "Add",
            ExerciseId = "add",
            Submission = "s.py",
            Verdict = Verdict.CompileError,
            Score = 0,
            Message = "the submission does not compile",
            Tests = [new TestResult { Name = "a", Status = TestStatus.NotRun, Message = "not run" }, new TestResult { Name = "b", Status = TestStatus.NotRun }],
            Diagnostics = [new ReportDiagnostic("CG1001", CodeGrader.Core.Diagnostics.DiagnosticSeverity.Error, "invalid syntax", "s.py", 2, 7, 2, 8, "def f(:")],
            Sandbox = new SandboxInfo("none", false),
            Timings = new GradeTimings(1, 0, null, null, 0),
        };
        var suite = Render(report).Root!.Element("testsuite")!;
        suite.Attribute("tests")!.Value.ShouldBe("3");
        suite.Attribute("errors")!.Value.ShouldBe("1");
        suite.Attribute("skipped")!.Value.ShouldBe("2");
        suite.Elements("testcase").First().Element("error")!.Value.ShouldContain("s.py(2,7): error CG1001: invalid syntax");
    }

    [Fact]
    public void Characters_xml_cannot_hold_are_escaped_not_dropped()
    {
        var report = new GradeReport
        {
            Exercise = "Add",
            ExerciseId = "add",
            Submission = "s.py",
            Verdict = Verdict.WrongAnswer,
            Score = 0,
            Tests = [new TestResult { Name = "a", Status = TestStatus.Failed, Message = "got '\u0000\u0007'", Stdout = "bell\u0007 \ud800" }],
            Sandbox = new SandboxInfo("none", false),
            Timings = new GradeTimings(1, 0, null, null, 0),
        };
        var text = ReportWriters.Render(report, ReportFormat.JUnit, ReportView.Author);
        var xml = XDocument.Parse(text);
        xml.Root!.Descendants("system-out").Single().Value.ShouldBe("bell\\x07 \\ud800");
    }
}
