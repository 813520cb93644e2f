using CodeGrader.Core.Execution;

namespace CodeGrader.Core.Results;

/// <summary>
/// The rules that turn test outcomes into statuses, verdicts and a score. Where several outcomes apply to one test
/// (it raised MemoryError; it printed past the cap and then returned a wrong value), the most severe wins, in DMOJ's
/// order: timeout, memory, output limit, crashed, error, failed. The submission's verdict follows the first test, in
/// file order, that did not pass.
/// </summary>
public static class VerdictRules
{
    private static readonly TestStatus[] Severity =
        [TestStatus.Timeout, TestStatus.Memory, TestStatus.OutputLimit, TestStatus.Crashed, TestStatus.Error, TestStatus.Failed, TestStatus.NotRun, TestStatus.Passed];

    /// <summary>The most severe of the statuses that apply to one test.</summary>
    public static TestStatus MostSevere(IEnumerable<TestStatus> statuses)
    {
        var worst = TestStatus.Passed;
        foreach (var status in statuses)
        {
            if (Array.IndexOf(Severity, status) < Array.IndexOf(Severity, worst)) worst = status;
        }
        return worst;
    }

    /// <summary>The status a worker's run status gives on its own, before any comparison.</summary>
    public static TestStatus FromRun(RunStatus status) => status switch
    {
        RunStatus.Completed => TestStatus.Passed,
        RunStatus.Raised => TestStatus.Error,
        RunStatus.TimedOut => TestStatus.Timeout,
        RunStatus.MemoryLimit => TestStatus.Memory,
        RunStatus.OutputLimit => TestStatus.OutputLimit,
        _ => TestStatus.Crashed,
    };

    public static Verdict ForTest(TestStatus status) => status switch
    {
        TestStatus.Passed => Verdict.Accepted,
        TestStatus.Failed => Verdict.WrongAnswer,
        TestStatus.Timeout => Verdict.TimeLimitExceeded,
        TestStatus.Memory => Verdict.MemoryLimitExceeded,
        TestStatus.OutputLimit => Verdict.OutputLimitExceeded,
        TestStatus.NotRun => Verdict.InternalError,
        _ => Verdict.RuntimeError,
    };

    /// <summary>Loading the submission failed: compile errors are compile_error; an import that raised, hung or died says so.</summary>
    public static Verdict ForLoad(RunStatus status) => status switch
    {
        RunStatus.CompileError => Verdict.CompileError,
        RunStatus.TimedOut => Verdict.TimeLimitExceeded,
        RunStatus.MemoryLimit => Verdict.MemoryLimitExceeded,
        RunStatus.OutputLimit => Verdict.OutputLimitExceeded,
        _ => Verdict.RuntimeError,
    };

    /// <summary>Accepted when every test passed, else the verdict of the first test (in order) that did not.</summary>
    public static Verdict ForTests(IEnumerable<TestStatus> statuses)
    {
        foreach (var status in statuses)
        {
            if (status != TestStatus.Passed) return ForTest(status);
        }
        return Verdict.Accepted;
    }

    /// <summary>100 * (weights of passed tests) / (all weights), rounded to two decimals.</summary>
    public static double Score(IEnumerable<(TestStatus Status, double Weight)> tests)
    {
        double passed = 0, total = 0;
        foreach (var (status, weight) in tests)
        {
            total += weight;
            if (status == TestStatus.Passed) passed += weight;
        }
        return total <= 0 ? 0 : Math.Round(100 * passed / total, 2);
    }

    public static string Name(TestStatus status) => status switch
    {
        TestStatus.Passed => "passed",
        TestStatus.Failed => "failed",
        TestStatus.Error => "error",
        TestStatus.Timeout => "timeout",
        TestStatus.Memory => "memory",
        TestStatus.OutputLimit => "output_limit",
        TestStatus.Crashed => "crashed",
        _ => "not_run",
    };

    public static string Name(Verdict verdict) => verdict switch
    {
        Verdict.Accepted => "accepted",
        Verdict.WrongAnswer => "wrong_answer",
        Verdict.RuntimeError => "runtime_error",
        Verdict.TimeLimitExceeded => "time_limit_exceeded",
        Verdict.MemoryLimitExceeded => "memory_limit_exceeded",
        Verdict.OutputLimitExceeded => "output_limit_exceeded",
        Verdict.CompileError => "compile_error",
        _ => "internal_error",
    };

    /// <summary>What a status means, without any detail of the test: the whole message a candidate sees for a hidden test.</summary>
    public static string Describe(TestStatus status) => status switch
    {
        TestStatus.Passed => "passed",
        TestStatus.Failed => "wrong answer",
        TestStatus.Error => "raised an exception",
        TestStatus.Timeout => "time limit exceeded",
        TestStatus.Memory => "memory limit exceeded",
        TestStatus.OutputLimit => "output limit exceeded",
        TestStatus.Crashed => "crashed",
        _ => "not run",
    };
}
