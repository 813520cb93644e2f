using CodeGrader.Core.Execution;
using CodeGrader.Core.Grading;
using CodeGrader.Core.Reports;
using CodeGrader.Core.Tests.TestSupport;
using CodeGrader.Sandbox;
using CodeGrader.Core.Results;

namespace CodeGrader.Core.Tests.Security;

/// <summary>
/// Grades hostile submissions end to end, exactly as <c>codegrader grade</c> does for candidates: the real
/// <see cref="Grader"/>, the real sandbox (<c>Select(allowUnconfined: false)</c>), the security exercise
/// (Security/Exercise, copied next to the tests). Every grading is bounded; every report is rendered in all three
/// formats for both audiences so that tests can search what a candidate or an author would really see.
/// </summary>
internal static class HostileGrading
{
    /// <summary>Generous: a grading that takes this long is a hang, whatever its time limits say.</summary>
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    private static readonly Lazy<GradingOptions> s_options = new(() => Graders.Options with
    {
        Confinement = LinuxSandbox.Instance.Detect().Select(allowUnconfined: false),
        // CODEGRADER_TEST_FORK_SERVER=1: every candidate's worker is forked from a zygote (docs/fork-server.md).
        Worker = Environment.GetEnvironmentVariable("CODEGRADER_TEST_FORK_SERVER") == "1"
            ? Graders.Options.Worker with { ForkServer = new ForkServer() }
            : Graders.Options.Worker,
    });

    static HostileGrading() => Secrets.PlantInHostEnvironment();

    public static GradingOptions Options => s_options.Value;

    /// <summary>The copy in the test output folder (the one graded); the sandbox must not see it.</summary>
    public static string ExerciseDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "Security", "Exercise");

    /// <summary>The same exercise in the repository, another path the sandbox must not see.</summary>
    public static string SourceExerciseDirectory { get; } = Path.Combine(Repository.Root, "tests", "CodeGrader.Core.Tests", "Security", "Exercise");

    private static readonly Lazy<Task<PreparedExercise>> s_prepared = new(() => Graders.PrepareAsync(ExerciseDirectory!));

    /// <summary>A marker unique to one test, short enough for a process name (15 characters).</summary>
    public static string NewMarker() => "cgsec" + Guid.NewGuid().ToString("N")[..10];

    public static async Task<Graded> GradeAsync(string source, string fileName = "solution.py")
    {
        var prepared = await s_prepared.Value.WaitAsync(Bound);
        var report = await new Grader(Options).GradeAsync(prepared, SubmissionSource.FromText(fileName, source)).WaitAsync(Bound);
        report.Sandbox.Confined.ShouldBeTrue("candidates' code must be graded in the sandbox");
        return new Graded(report);
    }

    /// <summary>
    /// The host is still fine after a hostile submission: the same process grades the correct solution, in a fresh
    /// sandbox, as accepted with every test passed.
    /// </summary>
    public static async Task HostStillGradesCorrectlyAsync()
    {
        var graded = await GradeAsync(Solutions.Correct);
        graded.Report.Verdict.ShouldBe(Verdict.Accepted, graded.AuthorText);
        graded.Report.Tests.ShouldAllBe(t => t.Status == TestStatus.Passed);
        graded.ShouldShowTheCandidateNothingHidden();
    }
}

/// <summary>One graded submission and every rendering of its report.</summary>
internal sealed class Graded
{
    private static readonly ReportFormat[] Formats = [ReportFormat.Text, ReportFormat.Json, ReportFormat.JUnit];

    public Graded(GradeReport report)
    {
        Report = report;
        Candidate = Formats.ToDictionary(f => f, f => ReportWriters.Render(report, f, ReportView.Candidate));
        Author = Formats.ToDictionary(f => f, f => ReportWriters.Render(report, f, ReportView.Author));
    }

    public GradeReport Report { get; }
    public IReadOnlyDictionary<ReportFormat, string> Candidate { get; }
    public IReadOnlyDictionary<ReportFormat, string> Author { get; }
    public string AuthorText => Author[ReportFormat.Text];

    public TestResult Test(string name) => Report.Tests.Single(t => t.Name == name);

    /// <summary>The hidden tests (every test but the two samples).</summary>
    public IEnumerable<TestResult> HiddenTests => Report.Tests.Where(t => !t.Sample);

    /// <summary>The verdict, with the author's report as the message when it is not the expected one.</summary>
    public Graded ShouldHaveVerdict(Verdict verdict)
    {
        Report.Verdict.ShouldBe(verdict, AuthorText);
        return this;
    }

    /// <summary>No hidden test passed: a cheat that worked would pass at least one (their answers are unguessable).</summary>
    public Graded ShouldPassNoHiddenTest()
    {
        HiddenTests.ShouldAllBe(t => t.Status != TestStatus.Passed, AuthorText);
        Report.Verdict.ShouldNotBe(Verdict.Accepted, AuthorText);
        return this;
    }

    /// <summary>
    /// The candidate's text, JSON and JUnit reports hold no hidden argument or expected value, and no report at all
    /// (the author's included) holds the host's secret environment variable.
    /// </summary>
    public Graded ShouldShowTheCandidateNothingHidden()
    {
        foreach (var (format, text) in Candidate)
        {
            foreach (var secret in Secrets.Hidden)
                text.ShouldNotContain(secret, Case.Sensitive, $"the candidate's {format} report shows the hidden value {secret}:\n{text}");
        }
        foreach (var (format, text) in Author.Concat(Candidate))
            text.ShouldNotContain(Secrets.EnvironmentValue, Case.Sensitive, $"the {format} report shows the host's secret environment variable:\n{text}");
        return this;
    }

    /// <summary>
    /// For a submission that does not know the answers: <see cref="ShouldShowTheCandidateNothingHidden"/>, and nothing
    /// it produced (values, output, exceptions, in the author's view too) holds a hidden expected value: it never had one
    /// to show, wherever it looked.
    /// </summary>
    public Graded ShouldLeakNothing()
    {
        ShouldShowTheCandidateNothingHidden();
        foreach (var test in Report.Tests)
        {
            var produced = string.Join("\n", test.Actual, test.Stdout, test.Stderr, test.Error?.Message, string.Join("\n", test.Error?.Traceback ?? []));
            foreach (var secret in Secrets.Expected)
                produced.ShouldNotContain(secret, Case.Sensitive, $"test '{test.Name}' produced the hidden expected value {secret}:\n{AuthorText}");
        }
        var imported = string.Join("\n", Report.Error?.Message, string.Join("\n", Report.Error?.Traceback ?? []));
        foreach (var secret in Secrets.Expected)
            imported.ShouldNotContain(secret, Case.Sensitive, $"the import produced the hidden expected value {secret}:\n{AuthorText}");
        return this;
    }
}

/// <summary>The values the security exercise keeps hidden, and a secret planted in the host's own environment.</summary>
internal static class Secrets
{
    /// <summary>The hidden tests' arguments: the worker sees them (it runs the calls), the candidate's report never.</summary>
    public static readonly string[] Arguments = ["HIDDEN-ARG-91c2", "HIDDEN-ARG-5d0e", "HIDDEN-ARG-a7b4", "HIDDEN-ARG-3e6f"];

    /// <summary>The hidden tests' expected values (as they print): they never enter the sandbox.</summary>
    public static readonly string[] Expected = ["HIDDEN-EXPECTED-7f3a", "HIDDEN-EXPECTED-c41b", "HIDDEN-EXPECTED-list-e29d", "8675309421", "5550123987"];

    /// <summary>Everything a candidate must never see, plus the common prefixes (a partial leak is a leak).</summary>
    public static readonly string[] Hidden = [.. Arguments, .. Expected, "HIDDEN-ARG", "HIDDEN-EXPECTED"];

    public const string EnvironmentVariable = "CODEGRADER_SECURITY_TEST_SECRET";

    /// <summary>Random per run, so that no submission can know it without reading it.</summary>
    public static readonly string EnvironmentValue = "cg-host-secret-" + Guid.NewGuid().ToString("N");

    /// <summary>Sets the variable in this (the host's) process, for the whole run; never removed, so no race between tests.</summary>
    public static void PlantInHostEnvironment() => Environment.SetEnvironmentVariable(EnvironmentVariable, EnvironmentValue);
}

/// <summary>Submissions shared by the security tests.</summary>
internal static class Solutions
{
    /// <summary>Knows the vault (it is the exercise's reference): accepted. Shows the host still grades honestly after an attack.</summary>
    public static string Correct => File.ReadAllText(Path.Combine(HostileGrading.ExerciseDirectory, "reference.py"));

    /// <summary>
    /// Python that answers the two public samples correctly and calls <c>attack(key)</c> for every other key: a
    /// hostile submission then fails (or cheats) only on hidden tests. Helpers: <c>needle()</c> builds the prefix of every
    /// hidden expected value at run time, so neither the source nor its compiled constants contain it (a join: the
    /// compiler folds <c>"HIDDEN" + "-" + "EXPECTED"</c> into one constant, and a heap search then found the attack's own
    /// needle whenever no garbage collection had yet untracked its code's constants, as in a worker forked from a
    /// zygote with the submission's imports already loaded); <c>first()</c> is true on a worker's
    /// first hidden call only (a fresh worker, after a kill, starts again); <c>name_process(marker)</c> renames the
    /// calling thread (<c>/proc/PID/comm</c>) so that the host can look for survivors.
    /// </summary>
    public static string Hostile(string attack, string prelude = "") => $$"""
        import os, sys, time
        {{prelude}}

        SAMPLES = {"sample-key": "sample-value", "sample-key-2": "sample-value-2"}
        _CALLS = []


        def needle():
            return "-".join(["HIDDEN", "EXPECTED"])


        def first():
            _CALLS.append(None)
            return len(_CALLS) == 1


        def name_process(marker):
            import ctypes
            ctypes.CDLL(None).prctl(15, marker.encode(), 0, 0, 0)


        def lookup(key):
            if key in SAMPLES:
                return SAMPLES[key]
            return attack(key)


        {{attack}}
        """;
}
