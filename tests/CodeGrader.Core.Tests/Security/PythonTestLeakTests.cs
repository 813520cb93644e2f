using CodeGrader.Core.Execution;
using CodeGrader.Core.Grading;
using CodeGrader.Core.Results;
using CodeGrader.Core.Tests.TestSupport;
using CodeGrader.Sandbox.Tests;

namespace CodeGrader.Core.Tests.Security;

/// <summary>
/// The security exercise with its tests in Python (Security/PythonExercise/tests.py): the tests, their constants and
/// expected values stay in the host's Python, and only plain values cross back, so a candidate that lies about equality,
/// prints, walks its frames or scans its heap passes no hidden test and finds no expected value.
/// </summary>
public sealed class PythonTestLeakTests
{
    private static readonly string Directory = Path.Combine(AppContext.BaseDirectory, "Security", "PythonExercise");
    private static readonly Lazy<Task<PreparedExercise>> s_prepared = new(() => Graders.PrepareAsync(Directory));

    private static async Task<Graded> GradeAsync(string source)
    {
        var prepared = await s_prepared.Value.WaitAsync(HostileGrading.Bound);
        var report = await new Grader(HostileGrading.Options).GradeAsync(prepared, SubmissionSource.FromText("solution.py", source)).WaitAsync(HostileGrading.Bound);
        report.Sandbox.Confined.ShouldBeTrue("candidates' code must be graded in the sandbox");
        return new Graded(report);
    }

    [SandboxFact]
    public async Task The_reference_passes_every_python_test_and_the_candidate_sees_only_names_and_statuses()
    {
        var graded = await GradeAsync(Solutions.Correct);
        graded.ShouldHaveVerdict(Verdict.Accepted).ShouldShowTheCandidateNothingHidden();
        graded.Report.Tests.Select(t => t.Name).ShouldBe(
            ["test_sample_first", "test_hidden_string", "test_hidden_table", "HiddenValues.test_hidden_list", "HiddenValues.test_hidden_int", "test_sample_last"]);
        graded.Report.Tests.Count(t => t.Sample).ShouldBe(2);
    }

    [SandboxFact]
    public async Task A_value_whose_eq_always_says_yes_passes_no_python_assert()
    {
        var graded = await GradeAsync(Solutions.Hostile("""
            class Anything:
                def __eq__(self, other):
                    return True

                def __ne__(self, other):
                    return False

                __hash__ = object.__hash__


            def attack(key):
                return Anything()
            """));
        graded.ShouldHaveVerdict(Verdict.WrongAnswer).ShouldPassNoHiddenTest().ShouldLeakNothing();
    }

    [SandboxFact]
    public async Task A_subclass_of_the_expected_type_with_its_own_eq_passes_no_python_assert()
    {
        var graded = await GradeAsync(Solutions.Hostile("""
            class Liar(str):
                def __eq__(self, other):
                    return True

                __hash__ = str.__hash__


            class LyingList(list):
                def __eq__(self, other):
                    return True


            class LyingInt(int):
                def __eq__(self, other):
                    return True

                __hash__ = int.__hash__


            def attack(key):
                return {"HIDDEN-ARG-a7b4": LyingList(), "HIDDEN-ARG-3e6f": LyingInt(0)}.get(key, Liar("nope"))
            """));
        graded.ShouldHaveVerdict(Verdict.WrongAnswer).ShouldPassNoHiddenTest().ShouldLeakNothing();
    }

    [SandboxFact]
    public async Task A_candidate_that_prints_walks_its_frames_and_scans_its_heap_finds_no_expected_value()
    {
        var graded = await GradeAsync(Solutions.Hostile("""
            def attack(key):
                import gc
                found = []
                frame = sys._getframe()
                while frame is not None:
                    for scope in (frame.f_locals, frame.f_globals):
                        found += [repr(v) for v in list(scope.values()) if needle() in repr(v)]
                    frame = frame.f_back
                for thing in gc.get_objects():
                    try:
                        text = repr(thing)
                    except Exception:
                        continue
                    if needle() in text and "needle" not in text:
                        found.append(text[:200])
                print("found:", found)
                print("key:", key)
                return found[0] if found else "nothing found"
            """));
        graded.ShouldHaveVerdict(Verdict.WrongAnswer).ShouldPassNoHiddenTest().ShouldLeakNothing();
        // It did run and print (the author sees its output); what it printed held the arguments, never an expected value.
        graded.Test("test_hidden_string").Stdout.ShouldNotBeNull().ShouldContain("found: []");
    }
}
