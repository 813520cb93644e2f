using CodeGrader.Core.Results;
using CodeGrader.Core.Grading;
using CodeGrader.Core.Reports;
using CodeGrader.Core.Tests.TestSupport;

namespace CodeGrader.Core.Tests.Grading;

/// <summary>
/// An instance of a subclass of a built-in value type is graded by its base value (read from its real storage, never
/// through its own __eq__), unless the exercise says types: exact; bool, int, float, list and tuple stay apart.
/// </summary>
public sealed class SubclassGradingTests
{
    private const string Yaml = """
        title: Shapes
        entry: answer
        statement: statement.md
        reference: reference.py
        tests:
          - name: counts
            sample: true
            call: answer("counts")
            expect: {a: 2, b: 1}
          - name: ordered
            call: answer("ordered")
            expect: {x: 1, y: 2}
          - name: defaults
            call: answer("defaults")
            expect: {k: [1, 2]}
          - name: point
            call: answer("point")
            expect_py: "(3, 4)"
          - name: number
            call: answer("number")
            expect: 42
        """;

    private const string Reference = """
        def answer(kind):
            return {"counts": {"a": 2, "b": 1}, "ordered": {"x": 1, "y": 2}, "defaults": {"k": [1, 2]}, "point": (3, 4), "number": 42}[kind]
        """;

    private const string Subclasses = """
        from collections import Counter, OrderedDict, defaultdict, namedtuple

        Point = namedtuple("Point", "x y")


        class Liar(int):
            def __eq__(self, other):
                return False

            def __ne__(self, other):
                return True

            __hash__ = int.__hash__

            def __repr__(self):
                return "not 42"


        def answer(kind):
            if kind == "counts":
                return Counter("aab")
            if kind == "ordered":
                return OrderedDict([("y", 2), ("x", 1)])
            if kind == "defaults":
                table = defaultdict(list)
                table["k"] += [1, 2]
                return table
            if kind == "point":
                return Point(3, 4)
            return Liar(42)
        """;

    private static async Task<GradeReport> GradeAsync(string yaml, string submission)
    {
        using var folder = new TempExercise(yaml, Reference);
        return await Graders.GradeAsync(folder.Directory, "solution.py", submission);
    }

    [Fact]
    public async Task A_Counter_an_OrderedDict_a_defaultdict_a_namedtuple_and_an_int_subclass_lying_in_eq_are_graded_by_their_base_values()
    {
        var report = await GradeAsync(Yaml, Subclasses);
        report.Verdict.ShouldBe(Verdict.Accepted, report.Message);
        report.Tests[0].Message.ShouldBe("returned collections.Counter, a subclass of dict; compared as dict");
        report.Tests[3].Message.ShouldBe("returned solution.Point, a subclass of tuple; compared as tuple");
        report.Tests[4].Message.ShouldBe("returned solution.Liar, a subclass of int; compared as int");
        report.Tests[4].Actual.ShouldBe("solution.Liar(42)", "shown by its real value, never by its __repr__");
    }

    [Fact]
    public async Task The_candidate_view_keeps_the_note_off_hidden_tests()
    {
        var report = ReportViews.ForCandidate(await GradeAsync(Yaml, Subclasses));
        report.Tests[0].Message.ShouldNotBeNull().ShouldContain("collections.Counter");
        report.Tests.Skip(1).ShouldAllBe(t => t.Message == null);
    }

    [Fact]
    public async Task With_types_exact_the_same_answers_fail_and_say_why()
    {
        var report = await GradeAsync(Yaml.Replace("tests:", "types: exact\ntests:", StringComparison.Ordinal), Subclasses);
        report.Verdict.ShouldBe(Verdict.WrongAnswer);
        report.Tests.ShouldAllBe(t => t.Status == TestStatus.Failed);
        report.Tests[0].Message.ShouldBe(
            "expected dict {'a': 2, 'b': 1}, got collections.Counter({'a': 2, 'b': 1}) (an instance of a subclass of dict) (this test compares exact types: types: exact)");
    }

    [Fact]
    public async Task Types_exact_on_one_test_binds_that_test_only()
    {
        var report = await GradeAsync(Yaml.Replace("expect_py: \"(3, 4)\"", "expect_py: \"(3, 4)\"\n    types: exact", StringComparison.Ordinal), Subclasses);
        report.Tests.Select(t => t.Status).ShouldBe([TestStatus.Passed, TestStatus.Passed, TestStatus.Passed, TestStatus.Failed, TestStatus.Passed]);
    }

    [Fact]
    public async Task True_where_1_is_expected_and_a_list_where_a_tuple_is_expected_still_fail()
    {
        var report = await GradeAsync(Yaml.Replace("expect: 42", "expect: 1", StringComparison.Ordinal), Subclasses
            .Replace("return Liar(42)", "return True", StringComparison.Ordinal)
            .Replace("return Point(3, 4)", "return [3, 4]", StringComparison.Ordinal));
        report.Tests[3].Message.ShouldBe("expected tuple (3, 4), got list [3, 4]");
        report.Tests[4].Message.ShouldBe("expected int 1, got bool True");
    }
}
