using CodeGrader.Core.Diagnostics;
using CodeGrader.Core.Exercises;
using CodeGrader.Core.Grading;
using CodeGrader.Core.Scaffolding;
using CodeGrader.Core.Tests.TestSupport;
using CodeGrader.Core.Verification;
using CodeGrader.Core.Results;

namespace CodeGrader.Core.Tests.Verification;

/// <summary>verify catches what would make an exercise grade candidates wrongly.</summary>
public sealed class ExerciseVerifierTests
{
    private const string Yaml = """
        title: Add
        entry: add
        statement: statement.md
        reference: reference.py
        tests:
          - name: small
            sample: true
            call: add(1, 2)
            expect: 3
          - name: hidden
            call: add(2, 2)
        """;

    private static string WithTimeLimit(string time) => Yaml.Replace("tests:", $"limits: {{ time: {time} }}\ntests:", StringComparison.Ordinal);

    private static Task<VerificationReport> VerifyAsync(TempExercise folder) => ExerciseVerifier.VerifyAsync(folder.Directory, Graders.Options);

    [Fact]
    public async Task An_expect_that_disagrees_with_the_reference_is_caught_at_the_expect()
    {
        using var folder = new TempExercise(Yaml.Replace("expect: 3", "expect: 4", StringComparison.Ordinal));
        var report = await VerifyAsync(folder);
        report.Passed.ShouldBeFalse();
        var diagnostic = report.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ShouldHaveSingleItem();
        diagnostic.Descriptor.ShouldBe(ExerciseDiagnostics.ReferenceFailsTest);
        diagnostic.Message.ShouldBe("the reference does not pass test 'small' (failed): expected 4, got 3");
        diagnostic.Location.Span.Start.Line.ShouldBe(8);
    }

    [Fact]
    public async Task A_solution_that_does_not_fail_the_way_its_folder_says_is_an_error()
    {
        using var folder = new TempExercise(Yaml);
        folder.Write("solutions/wrong_answer/actually_right.py", "def add(a, b):\n    return a + b\n");
        folder.Write("solutions/runtime_error/crashes.py", "def add(a, b):\n    return a / 0\n");
        var report = await VerifyAsync(folder);
        report.Solutions.Length.ShouldBe(2);
        report.Solutions.Single(s => s.Folder == "runtime_error").AsRequired.ShouldBeTrue();
        var diagnostic = report.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ShouldHaveSingleItem();
        diagnostic.Descriptor.ShouldBe(ExerciseDiagnostics.WrongSolutionVerdict);
        diagnostic.Message.ShouldStartWith("solutions/wrong_answer/ requires wrong_answer, but it got accepted");
        diagnostic.Location.Path.ShouldEndWith("actually_right.py");
    }

    [Fact]
    public async Task Solutions_in_an_unknown_folder_are_a_warning_with_a_suggestion()
    {
        using var folder = new TempExercise(Yaml);
        folder.Write("solutions/wrong_answers/x.py", "def add(a, b):\n    return 0\n");
        var report = await VerifyAsync(folder);
        report.Passed.ShouldBeTrue();
        report.Diagnostics.ShouldContain(d => d.Descriptor == ExerciseDiagnostics.UnknownSolutionFolder && d.Message.Contains("did you mean 'wrong_answer'?"));
    }

    [Fact]
    public async Task A_solution_file_directly_under_solutions_is_a_warning_that_says_where_it_belongs()
    {
        using var folder = new TempExercise(Yaml);
        folder.Write("solutions/forgotten.py", "def add(a, b):\n    return 0\n");
        var report = await VerifyAsync(folder);
        report.Passed.ShouldBeTrue();
        report.Solutions.ShouldBeEmpty();
        var diagnostic = report.Diagnostics.Where(d => d.Descriptor == ExerciseDiagnostics.SolutionOutsideVerdictFolder).ShouldHaveSingleItem();
        diagnostic.Id.ShouldBe("CG2211");
        diagnostic.Severity.ShouldBe(DiagnosticSeverity.Warning);
        diagnostic.Message.ShouldBe("solutions/forgotten.py was not graded: a solution belongs in the folder of the verdict it must get " +
            "(solutions/accepted/, solutions/wrong_answer/, solutions/time_limit/, solutions/runtime_error/)");
        diagnostic.Location.Path.ShouldEndWith("forgotten.py");
    }

    private const string PileYaml = """
        title: Pile
        entry: make_a_pile
        statement: statement.md
        reference: reference.py
        limits: { time: 20s }
        tests:
          - name: three levels
            sample: true
            call: make_a_pile(3)
            expect: [3, 5, 7]
          - name: a million levels
            call: make_a_pile(1000000)
        """;

    private const string PileReference = "def make_a_pile(n):\n    return [n + 2 * i for i in range(n)]\n";

    [Fact]
    public async Task A_reference_value_over_the_value_limits_says_how_the_exercise_raises_them()
    {
        using var folder = new TempExercise(PileYaml, PileReference);
        var report = await VerifyAsync(folder);
        report.Invalid.ShouldBeTrue();
        var diagnostic = report.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ShouldHaveSingleItem();
        diagnostic.Descriptor.ShouldBe(ExerciseDiagnostics.ReferenceFailed);
        diagnostic.Message.ShouldContain("is a list over the size limits (more than 1000000 values");
        diagnostic.Message.ShouldContain("an exercise may raise the limit, now 1,000,000 values, up to 2,000,000 in exercise.yaml (limits: { values: 2000000 })");
    }

    [Fact]
    public async Task An_exercise_with_raised_value_limits_verifies()
    {
        using var folder = new TempExercise(PileYaml.Replace("limits: { time: 20s }", "limits: { time: 20s, values: 2000000 }", StringComparison.Ordinal), PileReference);
        folder.Write("solutions/wrong_answer/one_short.py", "def make_a_pile(n):\n    return [n + 2 * i for i in range(n - 1)] if n > 3 else [3, 5, 7]\n");
        var report = await VerifyAsync(folder);
        report.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ShouldBeEmpty(string.Join("\n", report.Diagnostics));
        report.Reference.ShouldNotBeNull().Accepted.ShouldBeTrue();
        report.Solutions.ShouldHaveSingleItem().Report.Tests[1].Message.ShouldNotBeNull().ShouldStartWith("expected a list of 1000000 items, got 999999 items");
    }

    [Fact]
    public async Task An_invalid_exercise_is_reported_without_running_anything()
    {
        using var folder = new TempExercise(Yaml.Replace("entry: add", "entry: 1add", StringComparison.Ordinal));
        var report = await VerifyAsync(folder);
        report.Invalid.ShouldBeTrue();
        report.Reference.ShouldBeNull();
    }

    [Fact]
    public async Task A_starter_that_is_already_accepted_is_a_warning()
    {
        using var folder = new TempExercise(Yaml.Replace("reference: reference.py", "reference: reference.py\nstarter: starter.py", StringComparison.Ordinal));
        folder.Write("starter.py", TempExercise.DefaultReference);
        var report = await VerifyAsync(folder);
        report.Passed.ShouldBeTrue();
        report.Diagnostics.ShouldContain(d => d.Descriptor == ExerciseDiagnostics.StarterProblem);
    }

    [Fact]
    public async Task Only_samples_or_no_samples_are_warnings()
    {
        using var folder = new TempExercise(Yaml.Replace("    sample: true\n", "", StringComparison.Ordinal));
        var report = await VerifyAsync(folder);
        report.Diagnostics.ShouldContain(d => d.Descriptor == ExerciseDiagnostics.NoSampleTest);
    }

    [Fact]
    public async Task The_time_limit_is_calibrated_against_the_reference()
    {
        using var folder = new TempExercise(WithTimeLimit("60s"));
        var report = await VerifyAsync(folder);
        var calibration = report.Calibration.ShouldNotBeNull();
        calibration.Suggested.ShouldBe(TimeLimitCalibration.MinimumSuggestion);
        calibration.TooLoose.ShouldBeTrue();
        report.Diagnostics.ShouldContain(d => d.Descriptor == ExerciseDiagnostics.TimeLimitTooLoose);
    }

    /// <summary>An accepted solution that sleeps <paramref name="seconds"/> in every call on its first grading (or on every grading).</summary>
    private static string SlowSolution(TempExercise folder, double seconds, bool always) => $$"""
        import os, time
        _runs = os.path.join(r"{{folder.Directory}}", "gradings")
        with open(_runs, "a") as f:
            f.write("x")
        _slow = {{(always ? "True" : "os.path.getsize(_runs) == 1")}}

        def add(a, b):
            if _slow:
                time.sleep({{seconds.ToString(System.Globalization.CultureInfo.InvariantCulture)}})
            return a + b
        """;

    /// <summary>How many times the solution was loaded: once per worker (a grading starts another after a test times out).</summary>
    private static int Gradings(TempExercise folder) => (int)new FileInfo(Path.Combine(folder.Directory, "gradings")).Length;

    [Fact]
    public async Task An_accepted_solution_that_timed_out_beside_the_other_gradings_is_graded_again_alone_before_it_is_an_error()
    {
        using var folder = new TempExercise(WithTimeLimit("1s"));
        folder.Write("solutions/accepted/slow_once.py", SlowSolution(folder, 1.5, always: false));
        var report = await VerifyAsync(folder);
        report.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ShouldBeEmpty(string.Join("\n", report.Diagnostics));
        var solution = report.Solutions.ShouldHaveSingleItem();
        solution.AsRequired.ShouldBeTrue();
        solution.GradedAgain.ShouldBeTrue();
    }

    [Fact]
    public async Task A_limit_that_looked_tight_once_is_measured_again_and_not_reported()
    {
        using var folder = new TempExercise(WithTimeLimit("1s"));
        folder.Write("solutions/accepted/slow_once.py", SlowSolution(folder, 0.45, always: false));
        var report = await VerifyAsync(folder);
        Gradings(folder).ShouldBe(2);
        report.Calibration.ShouldNotBeNull().TooTight.ShouldBeFalse(report.Calibration.Describe());
        report.Diagnostics.ShouldNotContain(d => d.Descriptor == ExerciseDiagnostics.TimeLimitTooTight);
    }

    [Fact]
    public async Task A_limit_that_is_tight_on_every_run_is_reported_with_the_fastest_run()
    {
        using var folder = new TempExercise(WithTimeLimit("1s"));
        folder.Write("solutions/accepted/always_slow.py", SlowSolution(folder, 0.45, always: true));
        var report = await VerifyAsync(folder);
        Gradings(folder).ShouldBe(1 + ExerciseVerifier.Remeasures);
        var diagnostic = report.Diagnostics.Where(d => d.Descriptor == ExerciseDiagnostics.TimeLimitTooTight).ShouldHaveSingleItem();
        diagnostic.Message.ShouldContain($"(always_slow.py, the fastest of {1 + ExerciseVerifier.Remeasures} runs)");
        report.Passed.ShouldBeTrue();
    }

    [Fact]
    public void A_limit_below_the_reference_times_the_margins_is_too_tight()
    {
        var calibration = new TimeLimitCalibration(TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(700), "big", "reference");
        calibration.Suggested.ShouldBe(TimeSpan.FromSeconds(2.1));
        calibration.TooTight.ShouldBeTrue();
        calibration.TooLoose.ShouldBeFalse();
    }

    [Fact]
    public async Task A_new_exercise_passes_verify()
    {
        var directory = Path.Combine(Path.GetTempPath(), "codegrader-tests", "new-" + Guid.NewGuid().ToString("N")[..8], "sum_exercise");
        try
        {
            var created = ExerciseScaffolder.Create(directory);
            created.Succeeded.ShouldBeTrue(created.Problem);
            created.Files.ShouldContain(f => f.EndsWith("exercise.yaml", StringComparison.Ordinal));
            var report = await ExerciseVerifier.VerifyAsync(directory, Graders.Options);
            report.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ShouldBeEmpty(string.Join("\n", report.Diagnostics));
            report.Solutions.Select(s => s.Required).ShouldBe(
                [Verdict.Accepted, Verdict.RuntimeError, Verdict.TimeLimitExceeded, Verdict.WrongAnswer], ignoreOrder: true);
            report.Solutions.ShouldAllBe(s => s.AsRequired);
            report.Title.ShouldBe("Sum exercise");
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(directory)!, recursive: true);
        }
    }

    [Fact]
    public async Task A_new_exercise_with_python_tests_passes_verify_and_each_solution_fails_a_python_test()
    {
        var directory = Path.Combine(Path.GetTempPath(), "codegrader-tests", "new-" + Guid.NewGuid().ToString("N")[..8], "sum_exercise");
        try
        {
            var created = ExerciseScaffolder.Create(directory, pythonTests: true);
            created.Succeeded.ShouldBeTrue(created.Problem);
            File.ReadAllText(Path.Combine(directory, "exercise.yaml")).ShouldNotContain("tests:");
            var report = await ExerciseVerifier.VerifyAsync(directory, Graders.Options);
            report.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ShouldBeEmpty(string.Join("\n", report.Diagnostics));
            report.Reference.ShouldNotBeNull().Tests.Select(t => t.Name).ShouldContain("LongLists.test_long_list");
            report.Solutions.Select(s => s.Required).ShouldBe(
                [Verdict.Accepted, Verdict.RuntimeError, Verdict.TimeLimitExceeded, Verdict.WrongAnswer], ignoreOrder: true);
            report.Solutions.ShouldAllBe(s => s.AsRequired);
            report.Solutions.Where(s => s.Required != Verdict.Accepted).ShouldAllBe(s => s.Report.Tests.Any(t => t.PythonTest && t.Status != TestStatus.Passed));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(directory)!, recursive: true);
        }
    }

    [Fact]
    public void New_refuses_a_folder_that_is_not_empty()
    {
        using var folder = new TempExercise(Yaml);
        ExerciseScaffolder.Create(folder.Directory).Problem.ShouldNotBeNull().ShouldContain("not empty");
    }
}
