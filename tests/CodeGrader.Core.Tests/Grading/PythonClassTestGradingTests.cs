using CodeGrader.Core.Execution;
using CodeGrader.Core.Grading;
using CodeGrader.Core.Reports;
using CodeGrader.Core.Results;
using CodeGrader.Core.Tests.TestSupport;

namespace CodeGrader.Core.Tests.Grading;

/// <summary>
/// tests.py for a class exercise (exercises/bank_account): the class is a proxy, each instance a proxy of an object the
/// candidate's worker keeps, and pytest's parametrize and fixtures as CodeGrader's pytest subset gives them.
/// </summary>
public sealed class PythonClassTestGradingTests
{
    private const string PointYaml = "title: Point\nkind: class\nentry: Point\nstatement: statement.md\nreference: reference.py\nlimits: { time: 5s }\n";

    private static string Bank => Repository.Exercise("bank_account");

    private static string Solution(string kind, string name) => Path.Combine(Bank, "solutions", kind, name);

    private static async Task<GradeReport> GradeAsync(string directory, string source) =>
        await new Grader(Graders.Options).GradeAsync(await Graders.PrepareAsync(directory), SubmissionSource.FromText("solution.py", source));

    private static string Author(GradeReport report) => ReportWriters.Render(report, ReportFormat.Text, ReportView.Author);

    [Fact]
    public async Task A_correct_class_is_accepted_with_one_test_per_parameter_set_named_as_pytest_names_them()
    {
        var report = await Graders.GradeFileAsync(Bank, Solution("accepted", "running_total.py"));
        report.Verdict.ShouldBe(Verdict.Accepted, Author(report));
        report.Tests.Select(t => t.Name).ShouldBe([
            "test_a_new_account_is_empty", "test_deposit_then_withdraw", "test_the_owner_is_kept",
            "test_deposit_refuses[0]", "test_deposit_refuses[-5]", "test_deposit_refuses[2.5]", "test_deposit_refuses[10]",
            "test_a_refused_withdrawal_changes_nothing", "test_overdrawing_raises", "test_transfer_moves_money",
            "test_history_lists_every_movement", "test_balance_is_the_sum[deposits0-3]", "test_balance_is_the_sum[deposits1-50]",
            "test_balance_is_the_sum[deposits2-0]"], ignoreOrder: true);
        report.Tests.Where(t => t.Sample).Select(t => t.Name).ShouldBe(["test_a_new_account_is_empty", "test_deposit_then_withdraw"]);
        report.Tests.Single(t => t.Weight == 2).Name.ShouldBe("test_history_lists_every_movement");
    }

    [Fact]
    public async Task A_wrong_class_fails_with_both_sides_for_the_author_and_no_value_for_the_candidate()
    {
        var report = await Graders.GradeFileAsync(Bank, Solution("wrong_answer", "overdraws.py"));
        report.Verdict.ShouldBe(Verdict.WrongAnswer, Author(report));
        var failed = report.Tests.Single(t => t.Name == "test_a_refused_withdrawal_changes_nothing");
        failed.Status.ShouldBe(TestStatus.Failed);
        (failed.Actual, failed.Expected).ShouldBe(("-1", "5"));
        failed.Message.ShouldNotBeNull().ShouldContain("assert account.balance() == 5");
        report.Tests.Single(t => t.Name == "test_overdrawing_raises").Message.ShouldNotBeNull().ShouldContain("expected ValueError to be raised");
        report.Tests.Single(t => t.Name == "test_transfer_moves_money").Status.ShouldBe(TestStatus.Passed);
        foreach (var format in (ReportFormat[])[ReportFormat.Text, ReportFormat.Json, ReportFormat.JUnit])
        {
            var candidate = ReportWriters.Render(report, format, ReportView.Candidate);
            candidate.ShouldContain("test_a_refused_withdrawal_changes_nothing");
            foreach (var value in (string[])["-1", "balance()", "left:", "withdraw(6)"])
                candidate.ShouldNotContain(value, Case.Sensitive, $"the candidate's {format} report shows {value}:\n{candidate}");
        }
    }

    [Fact]
    public async Task A_method_that_raises_is_the_candidates_runtime_error()
    {
        var report = await Graders.GradeFileAsync(Bank, Solution("runtime_error", "no_history.py"));
        report.Verdict.ShouldBe(Verdict.RuntimeError, Author(report));
        var history = report.Tests.Single(t => t.Name == "test_history_lists_every_movement");
        history.Status.ShouldBe(TestStatus.Error);
        history.Message.ShouldNotBeNull().ShouldContain("the candidate's code raised AttributeError");
        report.Tests.Where(t => t.Name != history.Name).ShouldAllBe(t => t.Status == TestStatus.Passed);
    }

    [Fact]
    public async Task A_class_whose_values_say_yes_to_every_eq_passes_no_assert()
    {
        var report = await GradeAsync(Bank, File.ReadAllText(Solution("accepted", "running_total.py")) + """


            class Anything:
                def __eq__(self, other):
                    return True

                def __ne__(self, other):
                    return False

                __hash__ = object.__hash__


            BankAccount.__eq__ = lambda self, other: True
            BankAccount.balance = lambda self: Anything()
            BankAccount.history = lambda self: Anything()
            """);
        report.Verdict.ShouldBe(Verdict.WrongAnswer, Author(report));
        foreach (var name in (string[])["test_a_new_account_is_empty", "test_deposit_then_withdraw", "test_a_refused_withdrawal_changes_nothing",
                     "test_transfer_moves_money", "test_history_lists_every_movement", "test_balance_is_the_sum[deposits0-3]"])
            report.Tests.Single(t => t.Name == name).Status.ShouldBe(TestStatus.Failed, Author(report));
        report.Tests.Single(t => t.Name == "test_a_new_account_is_empty").Actual.ShouldBe("<the candidate's solution.Anything object #2>");
    }

    [Fact]
    public async Task Proxies_compare_by_identity_unless_tests_py_allows_the_candidates_own_comparisons()
    {
        const string Reference = """
            class Point:
                def __init__(self, x, y):
                    self.x, self.y = x, y

                def __eq__(self, other):
                    return isinstance(other, Point) and (self.x, self.y) == (other.x, other.y)

                def __hash__(self):
                    return hash((self.x, self.y))

                def __add__(self, other):
                    return Point(self.x + other.x, self.y + other.y)

                def __str__(self):
                    return f"({self.x}, {self.y})"

                def moved(self, dx, dy):
                    return self + Point(dx, dy)
            """;
        using var exercise = new TempExercise(PointYaml, Reference);
        exercise.Write("tests.py", """
            import pytest

            import codegrader
            from geometry import Point


            def test_identity():
                p = Point(1, 2)
                assert p == p and p != Point(1, 2) and len({p, p}) == 1
                with pytest.raises(TypeError, match="use_candidate_comparisons"):
                    p < Point(1, 2)


            def test_arithmetic_str_and_attributes():
                p = Point(1, 2) + Point(3, 4)
                assert (p.x, p.y) == (4, 6) and str(p) == "(4, 6)"
                p.x = 10
                assert p.moved(1, 1).x == 11
                assert repr(p).startswith("<the candidate's solution.Point object #")
                assert isinstance(p, Point) and not isinstance((1, 2), Point)
            """);
        var report = await GradeAsync(exercise.Directory, Reference);
        report.Verdict.ShouldBe(Verdict.Accepted, Author(report));

        exercise.Write("tests.py", """
            import codegrader
            from geometry import Point

            codegrader.use_candidate_comparisons()


            def test_candidate_eq():
                assert Point(1, 2) == Point(1, 2)
                assert Point(1, 2).moved(1, 1) == Point(2, 3)
            """);
        var allowed = await GradeAsync(exercise.Directory, Reference);
        allowed.Verdict.ShouldBe(Verdict.Accepted, Author(allowed));
    }

    [Fact]
    public async Task An_unknown_name_or_fixture_in_a_class_exercises_tests_py_is_a_diagnostic_at_its_line()
    {
        using var exercise = new TempExercise(PointYaml, "class Point:\n    def __init__(self, x, y):\n        self.x, self.y = x, y\n");
        exercise.Write("tests.py", "from geometry import Point\n\n\ndef test_x():\n    assert Pont(1, 2).x == 1\n");
        var unknown = await ExercisePreparer.PrepareUncachedAsync(Graders.Load(exercise.Directory), Graders.Options, CancellationToken.None);
        unknown.Diagnostics.Select(d => d.ToString()).ShouldContain(d => d.Contains("tests.py(5,12): error CG2107:", StringComparison.Ordinal) && d.Contains("'Pont'", StringComparison.Ordinal));

        exercise.Write("tests.py", "import pytest\n\n\n@pytest.mark.parametrize('x', [1, 2])\ndef test_x(x, tmp_path):\n    pass\n");
        var fixture = await ExercisePreparer.PrepareUncachedAsync(Graders.Load(exercise.Directory), Graders.Options, CancellationToken.None);
        fixture.Diagnostics.Select(d => d.ToString()).ShouldContain(d => d.Contains("tests.py(4,1): error CG2107:", StringComparison.Ordinal)
            && d.Contains("test_x[1] asks for 'tmp_path'", StringComparison.Ordinal), string.Join("\n", fixture.Diagnostics));
    }

    [Fact]
    public async Task An_object_kept_past_the_end_of_its_worker_is_a_fault_of_the_test_that_uses_it()
    {
        const string Reference = "import os\n\n\nclass Point:\n    def __init__(self, x, y):\n        self.x, self.y = x, y\n\n    def crash(self):\n        os._exit(3)\n";
        using var exercise = new TempExercise(PointYaml, Reference);
        exercise.Write("tests.py", """
            from geometry import Point

            KEPT = []


            def test_1_keeps():
                KEPT.append(Point(1, 2))
                assert KEPT[0].x == 1


            def test_2_crashes():
                Point(0, 0).crash()


            def test_3_uses_the_kept_point():
                assert KEPT[0].x == 1


            def test_4_goes_on():
                assert Point(5, 6).y == 6
            """);
        var report = await GradeAsync(exercise.Directory, Reference);
        report.Tests.Select(t => (t.Name, t.Status)).ShouldBe([
            ("test_1_keeps", TestStatus.Passed), ("test_2_crashes", TestStatus.Crashed), ("test_3_uses_the_kept_point", TestStatus.NotRun),
            ("test_4_goes_on", TestStatus.Passed)], Author(report));
        report.Verdict.ShouldBe(Verdict.InternalError);
        report.Message.ShouldNotBeNull().ShouldContain("object #1 no longer exists");
    }

    [Fact]
    public async Task The_pytest_subset_names_stacked_parameter_sets_as_pytest_does_and_tears_down_yield_fixtures()
    {
        using var exercise = new TempExercise("title: Add\nentry: add\nstatement: statement.md\nreference: reference.py\nlimits: { time: 5s }\n");
        exercise.Write("tests.py", """
            import pytest

            EVENTS = []


            @pytest.fixture
            def opened():
                EVENTS.append("open")
                yield add(1, 1)
                EVENTS.append("close")


            @pytest.fixture
            def doubled(opened):
                return opened * 2


            @pytest.mark.parametrize("a", [0, 1])
            @pytest.mark.parametrize("b", [2, 3])
            def test_stacked(a, b):
                assert add(a, b) == a + b


            @pytest.mark.parametrize("a, b", [pytest.param(1, 2, id="small"), (10**20, 1)], ids=["unused", "big"])
            def test_ids(a, b):
                assert add(a, b) == a + b


            def test_1_fixtures(doubled):
                assert doubled == 4 and EVENTS == ["open"]


            def test_2_torn_down():
                assert EVENTS == ["open", "close"]


            @pytest.mark.skip(reason="not today")
            def test_skipped():
                raise AssertionError("ran")


            def test_fails():
                pytest.fail("on purpose")
            """);
        var report = await GradeAsync(exercise.Directory, TempExercise.DefaultReference);
        report.Tests.Select(t => (t.Name, t.Status)).ShouldBe([
            ("test_stacked[2-0]", TestStatus.Passed), ("test_stacked[2-1]", TestStatus.Passed), ("test_stacked[3-0]", TestStatus.Passed),
            ("test_stacked[3-1]", TestStatus.Passed), ("test_ids[small]", TestStatus.Passed), ("test_ids[big]", TestStatus.Passed),
            ("test_1_fixtures", TestStatus.Passed), ("test_2_torn_down", TestStatus.Passed), ("test_skipped", TestStatus.NotRun),
            ("test_fails", TestStatus.Failed)], Author(report));
        report.Tests.Single(t => t.Name == "test_fails").Message.ShouldNotBeNull().ShouldContain("on purpose");
    }
}
