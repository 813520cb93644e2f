using System.Collections.Immutable;
using System.Globalization;
using CodeGrader.Core.Diagnostics;
using CodeGrader.Core.Exercises;
using CodeGrader.Core.Execution;
using CodeGrader.Core.Grading;
using CodeGrader.Core.Reports;
using CodeGrader.Core.Results;

namespace CodeGrader.Core.Verification;

/// <summary>
/// <c>codegrader verify</c> (docs/exercise-format.md, "Solutions and codegrader verify"): the exercise loads and
/// prepares; the reference passes every test within the limits (so agrees with every explicit expectation and,
/// with a checker, is accepted by it); every file in solutions/ gets the verdict its folder names; the starter
/// compiles and is not accepted; and the time limit is calibrated against the reference, Kattis-style.
/// Timings are wall times, and solutions are graded <see cref="Parallelism"/> at once, so a machine's load can make
/// a correct solution time out or a limit look tight: a timeout where none was required is graded again alone,
/// and a tight limit is measured again alone (<see cref="Remeasures"/> times, the fastest run of each test counting)
/// before either is reported.
/// </summary>
internal static class ExerciseVerifier
{
    /// <summary>Solutions graded at once (each in its own worker).</summary>
    public const int Parallelism = 4;

    /// <summary>Runs again, alone, of the slowest solution before a tight time limit is reported.</summary>
    public const int Remeasures = 2;

    public static async Task<VerificationReport> VerifyAsync(string directory, GradingOptions options, CancellationToken cancellationToken = default)
    {
        var loaded = ExerciseLoader.Load(directory);
        if (loaded.Exercise is not { } exercise)
            return new VerificationReport { Directory = directory, Diagnostics = loaded.Diagnostics, Invalid = true };
        var diagnostics = ImmutableArray.CreateBuilder<Diagnostic>();
        diagnostics.AddRange(loaded.Diagnostics);
        var preparation = await ExercisePreparer.PrepareAsync(exercise, options, cancellationToken).ConfigureAwait(false);
        diagnostics.AddRange(preparation.Diagnostics);
        if (preparation.Exercise is not { } prepared)
            return new VerificationReport { Directory = directory, Title = exercise.Title, Diagnostics = diagnostics.ToImmutable(), Invalid = true };
        // With its tests.py tests, which preparing adds.
        exercise = prepared.Exercise;

        var trusted = options with { Confinement = NoConfinement.Instance, CheckRestrictions = false };
        var referenceGrader = new Grader(trusted);
        var reference = await referenceGrader.GradeAsync(prepared, SubmissionSource.FromFile(exercise.ReferencePath), cancellationToken).ConfigureAwait(false);
        if (TimedOut(reference))
            reference = await referenceGrader.GradeAsync(prepared, SubmissionSource.FromFile(exercise.ReferencePath), cancellationToken).ConfigureAwait(false);
        CheckReference(exercise, reference, diagnostics);
        CheckVisibility(exercise, diagnostics);
        CheckReferenceRoom(exercise, reference, diagnostics);

        var solutions = await GradeSolutionsAsync(exercise, prepared, options, diagnostics, cancellationToken).ConfigureAwait(false);
        foreach (var solution in solutions) CheckSolution(solution, diagnostics);

        GradeReport? starter = null;
        if (exercise.StarterPath is { } starterPath)
        {
            starter = await new Grader(options).GradeAsync(prepared, SubmissionSource.FromFile(starterPath), cancellationToken).ConfigureAwait(false);
            if (starter.Verdict == Verdict.CompileError)
                diagnostics.Add(new Diagnostic(ExerciseDiagnostics.StarterProblem, Location.StartOf(starterPath), $"the starter does not compile: {starter.Message}"));
            else if (starter.Accepted)
                diagnostics.Add(new Diagnostic(ExerciseDiagnostics.StarterProblem, Location.StartOf(starterPath), "the starter is accepted as it is: it solves the exercise"));
        }

        var timed = new List<TimedRun> { new("reference", exercise.ReferencePath, trusted, reference) };
        timed.AddRange(solutions.Where(s => s.Required == Verdict.Accepted && s.AsRequired)
            .Select(s => new TimedRun(Path.GetFileName(s.Path), s.Path, options, s.Report)));
        var calibration = await CalibrateAsync(exercise, prepared, timed, cancellationToken).ConfigureAwait(false);
        if (calibration is not null) CheckCalibration(exercise, calibration, diagnostics);
        return new VerificationReport
        {
            Directory = directory,
            Title = exercise.Title,
            Diagnostics = diagnostics.ToImmutable(),
            Reference = reference,
            Solutions = solutions,
            Starter = starter,
            Calibration = calibration,
        };
    }

    private static void CheckReference(Exercise exercise, GradeReport reference, ImmutableArray<Diagnostic>.Builder diagnostics)
    {
        if (reference.Tests.All(t => t.Status == TestStatus.NotRun))
        {
            diagnostics.Add(new Diagnostic(ExerciseDiagnostics.ReferenceFailsTest, exercise.ReferenceLocation ?? Location.StartOf(exercise.FilePath),
                $"the reference was not graded: {reference.Message}"));
            return;
        }
        for (var i = 0; i < exercise.Tests.Length; i++)
        {
            var result = reference.Tests[i];
            if (result.Status == TestStatus.Passed) continue;
            var test = exercise.Tests[i];
            var at = test.Expectation?.Location ?? test.Steps.FirstOrDefault(s => s.Expectation is not null)?.Expectation?.Location ?? test.Location;
            diagnostics.Add(new Diagnostic(ExerciseDiagnostics.ReferenceFailsTest, at,
                $"the reference does not pass test '{test.Name}' ({VerdictRules.Name(result.Status)}): {result.Message}"));
        }
    }

    private static void CheckVisibility(Exercise exercise, ImmutableArray<Diagnostic>.Builder diagnostics)
    {
        if (!exercise.Tests.Any(t => t.Sample))
            diagnostics.Add(new Diagnostic(ExerciseDiagnostics.NoSampleTest, exercise.Tests[0].Location,
                "no test is a sample (sample: true): candidates will see no example of a test"));
        if (exercise.Tests.All(t => t.Sample))
            diagnostics.Add(new Diagnostic(ExerciseDiagnostics.NoHiddenTest, exercise.Tests[0].Location,
                "every test is a sample: candidates see every input and expected value"));
    }

    private static async Task<ImmutableArray<SolutionOutcome>> GradeSolutionsAsync(Exercise exercise, PreparedExercise prepared, GradingOptions options,
        ImmutableArray<Diagnostic>.Builder diagnostics, CancellationToken cancellationToken)
    {
        var root = exercise.SolutionsDirectory;
        if (!Directory.Exists(root)) return [];
        var files = new List<(string Path, string Folder, Verdict Required)>();
        foreach (var stray in Directory.EnumerateFiles(root, "*.py").Order(StringComparer.Ordinal))
        {
            diagnostics.Add(new Diagnostic(ExerciseDiagnostics.SolutionOutsideVerdictFolder, Location.StartOf(stray),
                $"solutions/{Path.GetFileName(stray)} was not graded: a solution belongs in the folder of the verdict it must get " +
                $"({string.Join(", ", SolutionOutcome.Folders.Keys.Select(f => $"solutions/{f}/"))})"));
        }
        foreach (var folder in Directory.EnumerateDirectories(root).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(folder);
            var sources = Directory.EnumerateFiles(folder, "*.py", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
            if (!SolutionOutcome.Folders.TryGetValue(name, out var required))
            {
                if (sources.Count > 0)
                    diagnostics.Add(new Diagnostic(ExerciseDiagnostics.UnknownSolutionFolder, Location.StartOf(folder),
                        $"solutions/{name}/ is not one of {string.Join(", ", SolutionOutcome.Folders.Keys)}: its {sources.Count} file(s) were not graded{KeySuggester.DidYouMean(name, SolutionOutcome.Folders.Keys)}"));
                continue;
            }
            files.AddRange(sources.Select(s => (s, name, required)));
        }
        var grader = new Grader(options);
        using var gate = new SemaphoreSlim(Parallelism);
        var runs = files.Select(async file =>
        {
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var report = await grader.GradeAsync(prepared, SubmissionSource.FromFile(file.Path), cancellationToken).ConfigureAwait(false);
                return new SolutionOutcome(file.Path, file.Folder, file.Required, report);
            }
            finally
            {
                gate.Release();
            }
        });
        var outcomes = await Task.WhenAll(runs).ConfigureAwait(false);
        // One after another, alone: a timeout beside the other gradings may be the machine's load, not the solution.
        for (var i = 0; i < outcomes.Length; i++)
        {
            var outcome = outcomes[i];
            if (outcome.Required == Verdict.TimeLimitExceeded || !TimedOut(outcome.Report)) continue;
            var again = await grader.GradeAsync(prepared, SubmissionSource.FromFile(outcome.Path), cancellationToken).ConfigureAwait(false);
            outcomes[i] = outcome with { Report = again, GradedAgain = true };
        }
        return [.. outcomes];
    }

    private static bool TimedOut(GradeReport report) => report.Verdict == Verdict.TimeLimitExceeded;

    private static void CheckSolution(SolutionOutcome solution, ImmutableArray<Diagnostic>.Builder diagnostics)
    {
        var at = Location.StartOf(solution.Path);
        if (!solution.AsRequired)
        {
            diagnostics.Add(new Diagnostic(ExerciseDiagnostics.WrongSolutionVerdict, at,
                $"solutions/{solution.Folder}/ requires {VerdictRules.Name(solution.Required)}, but it got {VerdictRules.Name(solution.Report.Verdict)}: {solution.Report.Message}"));
        }
        if (solution.Report.Diagnostics.Any(d => d.Id.StartsWith("CG3", StringComparison.Ordinal)) && solution.Required != Verdict.CompileError)
        {
            diagnostics.Add(new Diagnostic(ExerciseDiagnostics.SolutionBreaksRestriction, at,
                $"it breaks the exercise's restrictions: {solution.Report.Diagnostics[0]}"));
        }
    }

    /// <summary>A test on which the reference needs more than a quarter of the limit leaves little room between correct and slow solutions.</summary>
    private static void CheckReferenceRoom(Exercise exercise, GradeReport reference, ImmutableArray<Diagnostic>.Builder diagnostics)
    {
        var quarter = exercise.Limits.Time.TotalMilliseconds / 4;
        for (var i = 0; i < exercise.Tests.Length && i < reference.Tests.Length; i++)
        {
            var result = reference.Tests[i];
            if (result.Status != TestStatus.Passed || result.TimeMs <= quarter) continue;
            diagnostics.Add(new Diagnostic(ExerciseDiagnostics.ReferenceNearLimit, exercise.Tests[i].Location, string.Create(CultureInfo.InvariantCulture,
                $"the reference needs {result.TimeMs:0} ms on test '{result.Name}', more than a quarter of the {exercise.Limits.Time.TotalMilliseconds:0} ms limit: little room between correct and slow solutions")));
        }
    }

    /// <summary>The reference or an accepted solution: a graded file whose test times calibrate the limit.</summary>
    private sealed record TimedRun(string Name, string Path, GradingOptions Options, GradeReport Report, int Runs = 1);

    private static async Task<TimeLimitCalibration?> CalibrateAsync(Exercise exercise, PreparedExercise prepared, List<TimedRun> runs,
        CancellationToken cancellationToken)
    {
        var (calibration, slowest) = Calibrate(exercise, runs);
        for (var again = 0; calibration is { TooTight: true } && again < Remeasures; again++)
        {
            var run = runs[slowest];
            var report = await new Grader(run.Options).GradeAsync(prepared, SubmissionSource.FromFile(run.Path), cancellationToken).ConfigureAwait(false);
            runs[slowest] = run with { Report = FastestOf(run.Report, report), Runs = run.Runs + 1 };
            (calibration, slowest) = Calibrate(exercise, runs);
        }
        return calibration;
    }

    private static (TimeLimitCalibration? Calibration, int Run) Calibrate(Exercise exercise, List<TimedRun> runs)
    {
        var slowest = runs
            .SelectMany((r, index) => r.Report.Tests.Where(t => t.Status == TestStatus.Passed).Select(t => (Test: t, Index: index)))
            .OrderByDescending(x => x.Test.TimeMs)
            .FirstOrDefault();
        if (slowest.Test is null) return (null, -1);
        var run = runs[slowest.Index];
        return (new TimeLimitCalibration(exercise.Limits.Time, TimeSpan.FromMilliseconds(slowest.Test.TimeMs), slowest.Test.Name, run.Name, run.Runs),
            slowest.Index);
    }

    /// <summary><paramref name="first"/> with each test's time the faster of its two runs where it passed both.</summary>
    private static GradeReport FastestOf(GradeReport first, GradeReport again) => first with
    {
        Tests = [.. first.Tests.Select((test, i) =>
            i < again.Tests.Length && again.Tests[i] is { Status: TestStatus.Passed } other && test.Status == TestStatus.Passed && other.TimeMs < test.TimeMs
                ? test with { TimeMs = other.TimeMs }
                : test)],
    };

    private static void CheckCalibration(Exercise exercise, TimeLimitCalibration calibration, ImmutableArray<Diagnostic>.Builder diagnostics)
    {
        var at = exercise.LimitsLocation ?? Location.StartOf(exercise.FilePath);
        if (calibration.TooTight)
            diagnostics.Add(new Diagnostic(ExerciseDiagnostics.TimeLimitTooTight, at, $"the time limit is too tight: {calibration.Describe()}"));
        else if (calibration.TooLoose)
            diagnostics.Add(new Diagnostic(ExerciseDiagnostics.TimeLimitTooLoose, at,
                $"the time limit is needlessly loose (more than {TimeLimitCalibration.LooseFactor}x the suggestion): {calibration.Describe()}"));
    }
}
