using CodeGrader.Core.Grading;
using CodeGrader.Sandbox.Tests;
using CodeGrader.Core.Results;

namespace CodeGrader.Core.Tests.Security;

/// <summary>
/// Answers that lie (SANDBOX.md): values whose Python methods claim equality, or that cannot be compared at all. The
/// worker describes every value by its real type and storage and the host compares, so none of them passes a hidden
/// test, and the submission's verdict is wrong_answer (or the limit it really hit).
/// </summary>
public sealed class LyingAnswerTests
{
    private static async Task<Graded> GradeLiarAsync(string attack, string prelude = "")
    {
        var graded = await HostileGrading.GradeAsync(Solutions.Hostile(attack, prelude));
        graded.ShouldPassNoHiddenTest().ShouldLeakNothing();
        await HostileGrading.HostStillGradesCorrectlyAsync();
        return graded;
    }

    [SandboxFact]
    public async Task An_object_whose_eq_always_says_yes_matches_nothing()
    {
        var graded = await GradeLiarAsync("""
            class Anything:
                def __eq__(self, other):
                    return True

                def __ne__(self, other):
                    return False

                def __hash__(self):
                    return 0

                def __repr__(self):
                    return "'sample-value'"


            def attack(key):
                return Anything()
            """);

        graded.ShouldHaveVerdict(Verdict.WrongAnswer);
        graded.HiddenTests.ShouldAllBe(t => t.Status == TestStatus.Failed);
        graded.Test("hidden string").Actual.ShouldNotBeNull().ShouldContain("Anything", customMessage: "shown by its type, never by its __repr__");
    }

    [SandboxFact]
    public async Task Subclasses_of_builtins_that_override_comparison_repr_iteration_and_hash_match_nothing()
    {
        // Each hidden test gets a subclass of the expected value's own type, with every method an answer could be judged
        // by overridden to agree.
        var graded = await GradeLiarAsync("""
            def _agree(cls):
                cls.__eq__ = lambda self, other: True
                cls.__ne__ = lambda self, other: False
                cls.__hash__ = lambda self: 0
                cls.__lt__ = cls.__gt__ = lambda self, other: False
                cls.__repr__ = cls.__str__ = lambda self: "True"
                return cls


            @_agree
            class LyingStr(str):
                pass


            @_agree
            class LyingInt(int):
                __index__ = __int__ = lambda self: 0


            @_agree
            class LyingList(list):
                __iter__ = lambda self: iter(["sample-value", 1])
                __len__ = lambda self: 2
                __getitem__ = lambda self, i: list(iter(self))[i]


            def attack(key):
                if key.endswith("91c2"):
                    return LyingStr("almost")
                if key.endswith("5d0e"):
                    return LyingStr("")
                if key.endswith("a7b4"):
                    return LyingList()
                return LyingInt(42)
            """);

        graded.ShouldHaveVerdict(Verdict.WrongAnswer);
        graded.HiddenTests.ShouldAllBe(t => t.Status == TestStatus.Failed);
        graded.Test("hidden list").Actual.ShouldBe("solution.LyingList([])", "a list is read from its storage, never through __iter__");
        graded.Test("hidden int").Actual.ShouldNotBeNull().ShouldContain("42");
    }

    [SandboxFact]
    public async Task A_generator_is_an_iterator_not_the_values_it_would_yield()
    {
        var graded = await GradeLiarAsync("""
            def attack(key):
                yield "sample-value"
            """);

        graded.ShouldHaveVerdict(Verdict.WrongAnswer);
        graded.HiddenTests.ShouldAllBe(t => t.Status == TestStatus.Failed);
    }

    [SandboxFact]
    public async Task Cyclic_structures_are_described_without_looping_and_match_nothing()
    {
        var graded = await GradeLiarAsync("""
            def attack(key):
                items = ["sample-value"]
                items.append(items)
                table = {}
                table["self"] = table
                return items if key.endswith("a7b4") else [table, items]
            """);

        graded.ShouldHaveVerdict(Verdict.WrongAnswer);
        graded.HiddenTests.ShouldAllBe(t => t.Status == TestStatus.Failed);
    }

    [SandboxFact]
    public async Task An_enormous_list_is_too_large_to_match_and_stops_nothing()
    {
        var graded = await GradeLiarAsync("""
            def attack(key):
                return [0] * 10 ** 7
            """);

        // Ten million items: over the value limits (a failed test), or over the memory limit; never a pass or a hang.
        graded.HiddenTests.ShouldAllBe(t => t.Status == TestStatus.Failed || t.Status == TestStatus.Memory, graded.AuthorText);
        graded.Report.Verdict.ShouldBeOneOf(Verdict.WrongAnswer, Verdict.MemoryLimitExceeded);
    }

    [SandboxFact]
    public async Task A_huge_int_is_compared_exactly_and_matches_nothing()
    {
        var graded = await GradeLiarAsync("""
            def attack(key):
                return 10 ** 100000 + 1
            """);

        graded.ShouldHaveVerdict(Verdict.WrongAnswer);
        graded.HiddenTests.ShouldAllBe(t => t.Status == TestStatus.Failed);
    }
}
