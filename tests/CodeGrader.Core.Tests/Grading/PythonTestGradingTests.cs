using CodeGrader.Core.Diagnostics;
using CodeGrader.Core.Exercises;
using CodeGrader.Core.Execution;
using CodeGrader.Core.Grading;
using CodeGrader.Core.Reports;
using CodeGrader.Core.Results;
using CodeGrader.Core.Tests.TestSupport;
using CodeGrader.Core.Verification;

namespace CodeGrader.Core.Tests.Grading;

/// <summary>tests.py: tests written in Python, run in the host's Python, calling the candidate's code in its worker.</summary>
public sealed class PythonTestGradingTests
{
    private const string AddYaml = "title: Add\nentry: add\nstatement: statement.md\nreference: reference.py\nlimits: { time: 5s }\n";

    private static string RunLength => Repository.Exercise("run_length");

    private static async Task<GradeReport> GradeAsync(string directory, string source, GradingOptions? options = null) =>
        await new Grader(options ?? Graders.Options).GradeAsync(await Graders.PrepareAsync(directory), SubmissionSource.FromText("solution.py", source));

    private static async Task<ExercisePreparation> PrepareAsync(string directory) =>
        await ExercisePreparer.PrepareUncachedAsync(Graders.Load(directory), Graders.Options, CancellationToken.None);

    [Fact]
    public async Task Each_test_function_and_TestCase_method_is_one_test_with_the_sample_and_weight_its_decorators_give()
    {
        var report = await Graders.GradeFileAsync(RunLength, Path.Combine(RunLength, "solutions", "accepted", "groupby.py"));
        report.Verdict.ShouldBe(Verdict.Accepted, ReportWriters.Render(report, ReportFormat.Text, ReportView.Author));
        report.Tests.Select(t => t.Name).ShouldBe([
            "test_example", "test_empty", "test_single_runs", "test_runs_are_tuples", "test_unicode", "test_rejects_non_strings",
            "test_round_trip", "LongInputs.test_one_long_run", "LongInputs.test_many_short_runs"]);
        report.Tests.Where(t => t.Sample).Select(t => t.Name).ShouldBe(["test_example", "test_empty"]);
        report.Tests.Where(t => t.Weight == 2).Select(t => t.Name).ShouldBe(["test_round_trip", "LongInputs.test_many_short_runs"]);
        report.Tests.ShouldAllBe(t => t.PythonTest && t.TimeMs > 0);
    }

    [Fact]
    public async Task A_failing_assert_shows_both_sides_to_the_author_and_no_value_to_the_candidate()
    {
        var report = await Graders.GradeFileAsync(RunLength, Path.Combine(RunLength, "solutions", "wrong_answer", "lists_not_tuples.py"));
        report.Verdict.ShouldBe(Verdict.WrongAnswer);
        var failed = report.Tests.Single(t => t.Name == "test_example");
        failed.Status.ShouldBe(TestStatus.Failed);
        failed.Message.ShouldNotBeNull().ShouldContain("assert run_length_encode(\"aaabcc\") == [(\"a\", 3), (\"b\", 1), (\"c\", 2)]");
        failed.Actual.ShouldBe("[['a', 3], ['b', 1], ['c', 2]]");
        failed.Expected.ShouldBe("[('a', 3), ('b', 1), ('c', 2)]");
        ReportWriters.Render(report, ReportFormat.Text, ReportView.Author).ShouldContain("[['a', 3], ['b', 1], ['c', 2]]");
        foreach (var format in (ReportFormat[])[ReportFormat.Text, ReportFormat.Json, ReportFormat.JUnit])
        {
            var candidate = ReportWriters.Render(report, format, ReportView.Candidate);
            candidate.ShouldContain("test_example");
            foreach (var value in (string[])["'a', 3", "aaabcc", "left:", "run_length_encode("])
                candidate.ShouldNotContain(value, Case.Sensitive, $"the candidate's {format} report shows {value}:\n{candidate}");
        }
        var shown = ReportViews.ForCandidate(report).Tests.Single(t => t.Name == "test_example");
        (shown.Message, shown.Actual, shown.Expected, shown.Call, shown.Stdout).ShouldBe(("wrong answer", null, null, null, null));
    }

    [Fact]
    public async Task The_candidates_exceptions_come_back_as_their_builtin_types_or_stand_ins_with_their_names()
    {
        using var exercise = new TempExercise(AddYaml.Replace("entry: add", "entry: parse_age", StringComparison.Ordinal), """
            class AgeError(ValueError):
                pass


            def parse_age(text):
                if not isinstance(text, str):
                    raise TypeError("text must be a str")
                if not text.isdigit():
                    raise AgeError(f"not a number: {text!r}")
                return int(text)
            """);
        exercise.Write("tests.py", """
            import unittest

            import codegrader
            from ages import parse_age


            def test_except_value_error():
                try:
                    parse_age("x")
                except ValueError as error:
                    assert type(error).__name__ == "AgeError" and str(error) == "not a number: 'x'"
                else:
                    raise AssertionError("nothing raised")


            def test_raises_helper():
                with codegrader.raises(TypeError, match="must be a str"):
                    parse_age(None)


            class Cases(unittest.TestCase):
                def test_assert_raises(self):
                    with self.assertRaises(ValueError):
                        parse_age("-1")

                def test_value(self):
                    self.assertEqual(parse_age("42"), 42)
            """);
        var accepted = await GradeAsync(exercise.Directory, File.ReadAllText(Path.Combine(exercise.Directory, "reference.py")));
        accepted.Verdict.ShouldBe(Verdict.Accepted, ReportWriters.Render(accepted, ReportFormat.Text, ReportView.Author));

        var raisesOther = await GradeAsync(exercise.Directory, "def parse_age(text):\n    raise KeyError(text)\n");
        raisesOther.Verdict.ShouldBe(Verdict.RuntimeError);
        raisesOther.Tests.Single(t => t.Name == "Cases.test_value").Message.ShouldNotBeNull().ShouldContain("the candidate's code raised KeyError");
    }

    [Fact]
    public async Task A_test_that_loops_is_interrupted_and_reported_as_an_internal_error_naming_it()
    {
        using var exercise = new TempExercise(AddYaml);
        exercise.Write("tests.py", "def test_adds():\n    assert add(1, 2) == 3\n\n\ndef helper():\n    while True:\n        pass\n\n\ndef test_loops():\n    add(1, 1)\n    helper()\n");
        var options = Graders.Options with { TrustedTimeLimit = TimeSpan.FromSeconds(1) };
        var report = await GradeAsync(exercise.Directory, TempExercise.DefaultReference, options);
        report.Verdict.ShouldBe(Verdict.InternalError);
        report.Message.ShouldNotBeNull().ShouldContain("test_loops' (tests.py, line 10) ran past its time limit of 1s in the author's code");
        report.Tests.Single(t => t.Name == "test_adds").Status.ShouldBe(TestStatus.Passed);
        ReportViews.ForCandidate(report).Message.ShouldBe("internal error while grading; the author's report has the details");

        // The host's Python is free again: the next submission is graded as usual.
        var again = await GradeAsync(exercise.Directory, "def add(a, b):\n    return a - b\n", options);
        again.Tests.Single(t => t.Name == "test_adds").Status.ShouldBe(TestStatus.Failed);
    }

    [Fact]
    public async Task An_unknown_name_in_tests_py_is_a_diagnostic_with_its_file_line_and_column()
    {
        using var exercise = new TempExercise(AddYaml);
        exercise.Write("tests.py", "from add import add, subtract\n\n\ndef test_adds():\n    assert ad(1, 2) == 3\n");
        var preparation = await PrepareAsync(exercise.Directory);
        preparation.Succeeded.ShouldBeFalse();
        var shown = preparation.Diagnostics.Select(d => d.ToString()).ToList();
        shown.ShouldContain(d => d.Contains("tests.py(1,22): error CG2107:", StringComparison.Ordinal) && d.Contains("'subtract'", StringComparison.Ordinal), string.Join("\n", shown));
        shown.ShouldContain(d => d.Contains("tests.py(5,12): error CG2107:", StringComparison.Ordinal) && d.Contains("'ad'", StringComparison.Ordinal), string.Join("\n", shown));
    }

    [Fact]
    public async Task Verify_rejects_a_test_that_passes_the_candidate_something_that_is_not_a_plain_value()
    {
        using var exercise = new TempExercise(AddYaml);
        exercise.Write("tests.py", "def test_sample():\n    assert add(1, 2) == 3\n\n\ndef test_function_argument():\n    assert add(lambda: 1, 2) == 3\n");
        var report = await ExerciseVerifier.VerifyAsync(exercise.Directory, Graders.Options);
        var errors = report.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()).ToList();
        errors.ShouldContain(d => d.Contains("tests.py(5,1): error CG2201", StringComparison.Ordinal) && d.Contains("argument 1 of add is function", StringComparison.Ordinal)
            && d.Contains("not a plain value", StringComparison.Ordinal), string.Join("\n", errors));
    }

    [Fact]
    public async Task A_HumanEval_check_function_runs_unchanged_as_one_test()
    {
        using var exercise = new TempExercise(AddYaml);
        exercise.Write("tests.py", "METADATA = {'author': 'humaneval'}\n\n\ndef check(candidate):\n    assert candidate(1, 2) == 3\n    assert candidate(-1, 1) == 0\n");
        var accepted = await GradeAsync(exercise.Directory, TempExercise.DefaultReference);
        accepted.Verdict.ShouldBe(Verdict.Accepted, ReportWriters.Render(accepted, ReportFormat.Text, ReportView.Author));
        accepted.Tests.Single().Name.ShouldBe("check");
        var wrong = await GradeAsync(exercise.Directory, "def add(a, b):\n    return a * b\n");
        wrong.Verdict.ShouldBe(Verdict.WrongAnswer);
        wrong.Tests.Single().Message.ShouldNotBeNull().ShouldContain("assert candidate(1, 2) == 3");
    }

    [Fact]
    public async Task An_Exercism_unittest_file_runs_unchanged()
    {
        using var exercise = new TempExercise(AddYaml);
        exercise.Write("tests.py", """
            import unittest

            from add import (
                add,
            )

            # Tests adapted from `problem-specifications//canonical-data.json`


            class AddTest(unittest.TestCase):
                def test_small(self):
                    self.assertEqual(add(1, 2), 3)

                def test_negative(self):
                    self.assertEqual(add(-1, -2), -3, msg="negative numbers")


            if __name__ == "__main__":
                unittest.main()
            """);
        var wrong = await GradeAsync(exercise.Directory, "def add(a, b):\n    return abs(a) + abs(b)\n");
        wrong.Tests.Select(t => (t.Name, t.Status)).ShouldBe([("AddTest.test_small", TestStatus.Passed), ("AddTest.test_negative", TestStatus.Failed)]);
        wrong.Tests[1].Message.ShouldNotBeNull().ShouldContain("3 != -3 : negative numbers");
    }

    [Fact]
    public async Task Two_submissions_graded_at_once_wait_on_their_workers_together()
    {
        // Each candidate's call leaves its mark and waits (up to 4 s) for the other's: both meet only if the host waits on
        // both workers at once, which it cannot while one test holds the GIL.
        using var exercise = new TempExercise(AddYaml.Replace("entry: add", "entry: meet", StringComparison.Ordinal),
            "def meet(mine, theirs):\n    return 'met'\n");
        var marks = Path.Combine(exercise.Directory, "mark");
        exercise.Write("tests.py", $"def test_meet():\n    assert meet('{marks}-a', '{marks}-b') == 'met'\n\n\ndef test_meet_back():\n    assert meet('{marks}-b', '{marks}-a') == 'met'\n");
        const string Candidate = """
            import os, time


            def meet(mine, theirs):
                if os.path.exists(mine):  # the other submission's test
                    mine, theirs = theirs, mine
                open(mine, "w").close()
                deadline = time.monotonic() + 4
                while not os.path.exists(theirs):
                    if time.monotonic() > deadline:
                        return "alone"
                    time.sleep(0.01)
                return "met"
            """;
        var prepared = await Graders.PrepareAsync(exercise.Directory);
        var grader = new Grader(Graders.Options);
        var first = grader.GradeAsync(prepared, SubmissionSource.FromText("first.py", Candidate.Replace("mine, theirs = theirs, mine", "pass", StringComparison.Ordinal)));
        var second = grader.GradeAsync(prepared, SubmissionSource.FromText("second.py", Candidate.Replace("if os.path.exists(mine):", "if True:", StringComparison.Ordinal)));
        var reports = await Task.WhenAll(first, second);
        foreach (var report in reports)
            report.Tests[0].Status.ShouldBe(TestStatus.Passed, ReportWriters.Render(report, ReportFormat.Text, ReportView.Author));
    }
}
