using System.Collections.Immutable;
using System.Globalization;
using CodeGrader.Core.Diagnostics;
using CodeGrader.Core.Exercises;
using CodeGrader.Core.Execution;
using CodeGrader.Core.Values;
using CodeGrader.Core.Results;

namespace CodeGrader.Core.Grading;

/// <summary>
/// Runs the reference, in a worker of its own and exactly as a submission is run, on every test: its values are the
/// expectations an exercise leaves out, and its times order the tests for submissions (cheapest first). A reference that
/// raises, exceeds a limit or returns no plain value where its value is needed makes the exercise invalid (CG2104).
/// Also checks that each call names a function that exists (CG2008). With a <see cref="ReferenceValueSpill"/>, each big
/// value goes to the disk cache as it is answered.
/// </summary>
internal static class ReferenceRunner
{
    public static async Task RunAsync(Exercise exercise, GradingOptions options, ImmutableArray<Diagnostic>.Builder diagnostics,
        ImmutableDictionary<(int, int), Expected>.Builder values, HashSet<int> broken, IDictionary<int, TimeSpan> times,
        IReadOnlyDictionary<int, string> callees, ReferenceValueSpill? spill, CancellationToken cancellationToken)
    {
        var referenceAt = exercise.ReferenceLocation ?? Location.StartOf(exercise.FilePath);
        var mode = exercise.Kind == ExerciseKind.Program ? SourceMode.Program : SourceMode.Module;
        var load = new LoadRequest(SubmissionSource.FromFile(exercise.ReferencePath), mode, exercise.Entry);
        await using var reference = new WorkerSession(options.ForReference(exercise.Limits), load);
        var loaded = await reference.StartAsync(cancellationToken).ConfigureAwait(false);
        if (!loaded.Succeeded)
        {
            diagnostics.Add(new Diagnostic(ExerciseDiagnostics.ReferenceDoesNotLoad, referenceAt, $"the reference does not load: {RunDescriptions.Describe(loaded)}"));
            return;
        }
        if (exercise.Kind == ExerciseKind.Function)
            await CheckCalleesAsync(exercise, reference, callees, diagnostics, cancellationToken).ConfigureAwait(false);
        // Every test runs, also those whose expectation is written out: its time orders the tests for submissions.
        // Several requests in flight (TestPipeline): the reference is trusted, samples and hidden tests alike.
        var tests = exercise.Tests.Where(t => !broken.Contains(t.Index) && t.PythonTest is null).ToList();
        var pipeline = new TestPipeline(reference, options.TestsInFlight);
        await foreach (var step in pipeline.RunAsync([.. tests.Select(TestRequests.For)], null, cancellationToken).ConfigureAwait(false))
        {
            if (step is not TestRan { Run: var run }) continue;
            var test = tests[step.Position];
            if (run.Result is not { } result)
            {
                // The stream ends here; the diagnostic is due when any test from here on needed the reference's value.
                if (tests.Skip(step.Position).Any(NeedsReference))
                {
                    diagnostics.Add(new Diagnostic(ExerciseDiagnostics.ReferenceDoesNotLoad, referenceAt,
                        $"the reference did not load again after a worker ended: {RunDescriptions.Describe(run.ReloadFailure!)}"));
                }
                return;
            }
            // The call's own time, measured in the worker: the host's time of a quick call is mostly noise (the round trip, scheduling).
            times[test.Index] = result.WorkerTime ?? result.HostTime;
            if (!NeedsReference(test)) continue;
            foreach (var (place, expected, problem) in ReferenceValues(test, result, exercise.Limits))
            {
                if (expected is not null) values[(test.Index, place)] = spill?.Keep(test.Index, place, expected) ?? expected;
                else diagnostics.Add(new Diagnostic(ExerciseDiagnostics.ReferenceFailed,
                    place >= 0 ? test.Steps[place].Location : test.CallLocation ?? test.Location, problem!));
            }
        }
    }

    private static bool NeedsReference(ExerciseTest test) =>
        test.Expectation is ExpectFromReference || test.Steps.Any(s => s.IsCall && s.Expectation is ExpectFromReference or null);

    /// <summary>The reference's expected value for each place of the test that needs one, or why it has none.</summary>
    private static IEnumerable<(int Step, Expected? Expected, string? Problem)> ReferenceValues(ExerciseTest test, TestRunResult result, ExerciseLimits limits)
    {
        const string Advice = "; expected values must come from a clean run of the reference (write 'raises' if an exception is intended)";
        if (test.Steps.IsEmpty)
        {
            if (result.Status != RunStatus.Completed)
            {
                yield return (ExpectedValues.WholeTest, null, $"the reference {RunDescriptions.Describe(result)} on test '{test.Name}'{Advice}");
                yield break;
            }
            if (test.Call is null)
            {
                yield return (ExpectedValues.WholeTest, new ExpectedOutput(result.Stdout, ExpectationSource.Reference), null);
                yield break;
            }
            if (ReadValue(result, out var malformed) is not { } value)
            {
                yield return (ExpectedValues.WholeTest, null, $"the reference's worker answered test '{test.Name}' with a value that is not canonical JSON: {malformed}");
                yield break;
            }
            if (TestRequests.NotAnIterator(test, value) is { } returned)
                yield return (ExpectedValues.WholeTest, null, $"test '{test.Name}' has take, but the reference returned {returned.TypeName} {PythonLiteral.Format(returned, 80)}, not an iterator");
            else if (PythonSource.NotPlain(value) is { } what)
                yield return (ExpectedValues.WholeTest, null, $"the reference's value on test '{test.Name}' is {what}, which has no plain value to compare" +
                    (value is PyOpaque { IsIterator: true } ? " (add take: N)" : SizeHint(value, limits)));
            else
                yield return (ExpectedValues.WholeTest, ExpectedValue.FromReference(value, result.ValueJson), null);
            yield break;
        }
        for (var i = 0; i < test.Steps.Length; i++)
        {
            var step = test.Steps[i];
            if (!step.IsCall || step.Expectation is not (ExpectFromReference or null)) continue;
            var stepResult = result.Steps.FirstOrDefault(s => s.Index == i);
            if (stepResult is null)
            {
                var stopped = result.Steps.IsEmpty ? RunDescriptions.Describe(result) : $"stopped at step {result.Steps[^1].Index + 1}: {Describe(result.Steps[^1], result)}";
                yield return (i, null, $"the reference never reached step {i + 1} of test '{test.Name}' ({stopped}){Advice}");
                yield break;
            }
            if (stepResult.Status != RunStatus.Completed)
            {
                yield return (i, null, $"the reference {Describe(stepResult, result)} at step {i + 1} of test '{test.Name}'{Advice}");
                yield break;
            }
            if (PythonSource.NotPlain(stepResult.Value!) is { } what)
                yield return (i, null, $"the reference's value at step {i + 1} of test '{test.Name}' is {what}, which has no plain value to compare{SizeHint(stepResult.Value!, limits)}");
            else
                yield return (i, new ExpectedValue(stepResult.Value!, ExpectationSource.Reference), null);
        }
    }

    /// <summary>For a value over the value limits: which limit, and how the exercise raises it (or why it cannot).</summary>
    /// <summary>The answer's value (a big one is read from its JSON here); null, with why, when that JSON is not canonical.</summary>
    private static PyValue? ReadValue(TestRunResult result, out string? malformed)
    {
        malformed = null;
        try
        {
            return result.ReadValue();
        }
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException)
        {
            malformed = e.Message;
            return null;
        }
    }

    internal static string SizeHint(PyValue value, ExerciseLimits limits)
    {
        if (FirstTooLarge(value) is not { } large) return "";
        if (large.Reason.Contains("values", StringComparison.Ordinal))
        {
            return limits.MaxValues < ExerciseLimits.MaxValuesCeiling
                ? string.Create(CultureInfo.InvariantCulture,
                    $"; an exercise may raise the limit, now {limits.MaxValues:N0} values, up to {ExerciseLimits.MaxValuesCeiling:N0} in exercise.yaml (limits: {{ values: {ExerciseLimits.MaxValuesCeiling} }}), or the test may return a summary of its result")
                : string.Create(CultureInfo.InvariantCulture,
                    $"; {ExerciseLimits.MaxValuesCeiling:N0} values is the most limits.values allows: make the test return a summary of its result");
        }
        if (large.Reason.Contains("characters", StringComparison.Ordinal))
        {
            return limits.MaxValueChars < ExerciseLimits.MaxValueCharsCeiling
                ? $"; an exercise may raise the limit, now {LimitParser.FormatSize(limits.MaxValueChars)} of text, up to 32MiB in exercise.yaml (limits: {{ value_chars: 32MiB }}), or the test may return a summary of its result"
                : "; 32MiB is the most limits.value_chars allows: make the test return a summary of its result";
        }
        return "; the nesting depth (100 levels) cannot be raised: make the test return a flatter summary of its result";
    }

    private static PyTooLarge? FirstTooLarge(PyValue value) => value switch
    {
        PyTooLarge x => x,
        PySequence x => x.Items.Select(FirstTooLarge).FirstOrDefault(p => p is not null),
        PySet x => x.Items.Select(FirstTooLarge).FirstOrDefault(p => p is not null),
        PyDict x => x.Items.Select(p => FirstTooLarge(p.Key) ?? FirstTooLarge(p.Value)).FirstOrDefault(p => p is not null),
        _ => null,
    };

    private static string Describe(StepResult step, TestRunResult whole) => step.Status switch
    {
        RunStatus.Raised when step.Error is { } error => "raised " + RunDescriptions.Exception(error),
        RunStatus.Completed => "completed",
        _ => whole.Message ?? RunDescriptions.Status(step.Status),
    };

    /// <summary>
    /// CG2008: a call <c>name(...)</c> whose name is not the entry, a builtin, or anything the reference defines.
    /// <paramref name="callees"/> holds each test's callee as Python's parser read the call (ExercisePreparer).
    /// </summary>
    private static async Task CheckCalleesAsync(Exercise exercise, WorkerSession reference, IReadOnlyDictionary<int, string> callees,
        ImmutableArray<Diagnostic>.Builder diagnostics, CancellationToken cancellationToken)
    {
        var run = await reference.RunAsync(TestRequest.ForCall("sorted(k for k in globals() if type(k) is str)"), cancellationToken).ConfigureAwait(false);
        if (run.Result?.Value is not PySequence { } list) return;
        var defined = list.Items.OfType<PyStr>().Select(s => s.Value).ToHashSet(StringComparer.Ordinal);
        foreach (var test in exercise.Tests)
        {
            if (test.Call is null || !callees.TryGetValue(test.Index, out var name)) continue;
            if (name == exercise.Entry || PythonNames.Builtins.Contains(name) || PythonNames.Keywords.Contains(name) || defined.Contains(name)) continue;
            var known = defined.Where(d => !d.StartsWith("__", StringComparison.Ordinal)).Append(exercise.Entry!);
            diagnostics.Add(new Diagnostic(ExerciseDiagnostics.UnknownFunction, test.CallLocation ?? test.Location,
                $"the call of test '{test.Name}' names '{name}', which is not the entry '{exercise.Entry}', a builtin, or defined by the reference{KeySuggester.DidYouMean(name, known)}"));
        }
    }
}
