using CodeGrader.Core.Comparison;
using CodeGrader.Core.Exercises;
using CodeGrader.Core.Execution;
using CodeGrader.Core.Values;
using CodeGrader.Python;
using CodeGrader.Core.Results;

namespace CodeGrader.Core.Grading;

/// <summary>
/// Decides one test from what the worker returned and what the host alone expects: value comparison (or the
/// exercise's checker), exception matching, program output, and a class test's checked steps in order.
/// </summary>
internal sealed class TestJudge(ExpectedValues expected, CustomChecker? checker, TimeSpan timeLimit)
{
    /// <summary>True when the exercise has a checker of its own: judging a test then runs the author's code.</summary>
    public bool HasChecker => checker is not null;

    public async Task<Judgement> JudgeAsync(ExerciseTest test, TestRunResult result, CancellationToken cancellationToken)
    {
        var judgement = !test.Steps.IsEmpty
            ? await ClassAsync(test, result, cancellationToken).ConfigureAwait(false)
            : test.Call is null
                ? await ProgramAsync(test, result, cancellationToken).ConfigureAwait(false)
                : await FunctionAsync(test, result, cancellationToken).ConfigureAwait(false);
        if (result.OutputTruncated && judgement.Fault is null &&
            VerdictRules.MostSevere([judgement.Status, TestStatus.OutputLimit]) == TestStatus.OutputLimit)
        {
            return judgement with { Status = TestStatus.OutputLimit, Message = "output limit exceeded: the output was cut at the cap" + (judgement.Message is { } m ? $" ({m})" : "") };
        }
        return judgement;
    }

    private async Task<Judgement> FunctionAsync(ExerciseTest test, TestRunResult result, CancellationToken cancellationToken)
    {
        var expectation = expected.For(test.Index);
        // What a checker is shown of the test; only an exercise with a checker needs it (it is the call's text, quoted).
        var input = checker is null ? "" : CustomChecker.FunctionInput(test.Call!, test.Take);
        return result.Status switch
        {
            RunStatus.Completed => await ValueAsync(test, expectation, result.Value, result.ValueJson, input, "", cancellationToken).ConfigureAwait(false),
            RunStatus.Raised => Raised(expectation, result.Error!, ""),
            _ => Ended(result, expectation),
        };
    }

    private async Task<Judgement> ProgramAsync(ExerciseTest test, TestRunResult result, CancellationToken cancellationToken)
    {
        var expectation = expected.For(test.Index) as ExpectedOutput;
        switch (result.Status)
        {
            case RunStatus.Completed when expectation is not null:
                if (checker is not null)
                {
                    var verdict = await checker.CheckAsync(CustomChecker.ProgramInput(test.Stdin ?? ""), new PyStr(expectation.Text), new PyStr(result.Stdout), cancellationToken).ConfigureAwait(false);
                    return FromChecker(verdict, expectation.Text, result.Stdout);
                }
                var comparison = OutputComparer.Compare(expectation.Text, result.Stdout, test.Comparison.Output);
                return comparison.IsMatch
                    ? new Judgement(TestStatus.Passed, null, expectation.Text, result.Stdout)
                    : new Judgement(TestStatus.Failed, comparison.Message, expectation.Text, result.Stdout, comparison.Diff);
            case RunStatus.Raised:
                var error = result.Error!;
                var message = error.Type == "SystemExit" ? $"the program exited with status {(error.Message.Length == 0 ? "None" : error.Message)}" : "raised " + RunDescriptions.Exception(error);
                return new Judgement(IsMemoryError(error) ? TestStatus.Memory : TestStatus.Error, message, expectation?.Text, RunDescriptions.Exception(error));
            default:
                return Ended(result, expectation);
        }
    }

    private async Task<Judgement> ClassAsync(ExerciseTest test, TestRunResult result, CancellationToken cancellationToken)
    {
        foreach (var step in result.Steps)
        {
            if (step.Index < 0 || step.Index >= test.Steps.Length) break;
            var spec = test.Steps[step.Index];
            var where = $"step {step.Index + 1} ({Short(spec.Code)}): ";
            var expectation = spec.IsCall ? expected.For(test.Index, step.Index) : null;
            switch (step.Status)
            {
                case RunStatus.Completed when spec.IsCall && expectation is not null:
                    var input = checker is null ? "" : CustomChecker.StepInput(test.Steps.Take(step.Index + 1).Select(s => s.Code), step.Index);
                    var judgement = await ValueAsync(test, expectation, step.Value!, null, input, where, cancellationToken).ConfigureAwait(false);
                    if (judgement.Status != TestStatus.Passed) return judgement;
                    break;
                case RunStatus.Completed:
                    break;
                case RunStatus.Raised:
                    var raised = Raised(expectation, step.Error!, where);
                    if (raised.Status != TestStatus.Passed || step.Index != test.Steps.Length - 1) return raised;
                    break;
                default:
                    return Ended(result, expectation) with { Message = where + (result.Message ?? Default(step.Status)) };
            }
        }
        if (result.Status is not (RunStatus.Completed or RunStatus.Raised) || result.Steps.IsEmpty)
            return Ended(result, null);
        if (result.Steps[^1].Index < test.Steps.Length - 1)
            return new Judgement(TestStatus.Error, $"the test stopped after step {result.Steps[^1].Index + 1} of {test.Steps.Length}");
        return new Judgement(TestStatus.Passed, null);
    }

    /// <summary>
    /// Judges a value: <paramref name="actual"/>, or a big answer's left as its JSON (<paramref name="actualJson"/>, then
    /// <paramref name="actual"/> is null), read only when it is not byte for byte the reference's.
    /// </summary>
    private async Task<Judgement> ValueAsync(ExerciseTest test, Expected? expectation, PyValue? actual, ReadOnlyMemory<byte>? actualJson, string input, string where,
        CancellationToken cancellationToken)
    {
        // A big expected value is read from its JSON once here, unless the candidate's worker wrote the same bytes as the
        // reference's did: then the values are equal, and of the answer only what the report shows is read.
        PyValue? expected = null;
        if (expectation is ExpectedValue value)
        {
            try
            {
                expected = checker is null && test.Take is null ? value.UnlessSameJson(actualJson) : value.Value;
            }
            catch (InvalidDataException e)
            {
                // Its file in the disk cache changed (or went) after the entry was read and checked: nothing is judged
                // against it, and the submission's verdict is an internal error naming the file.
                return Judgement.Faulted($"{where}its expected value could not be used: {e.Message}");
            }
            if (expected is null)
            {
                var same = CanonicalValuePreview.Format(actualJson!.Value.Span);
                return new Judgement(TestStatus.Passed, null, same, same);
            }
        }
        try
        {
            actual ??= CanonicalValueReader.Parse(actualJson!.Value.Span);
        }
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException)
        {
            return new Judgement(VerdictRules.FromRun(RunStatus.ProtocolError), $"{where}the worker's answer was malformed: {e.Message}", expectation?.Describe());
        }
        var shown = PythonLiteral.Format(actual);
        switch (expectation)
        {
            case ExpectedException exception:
                return new Judgement(TestStatus.Failed, $"{where}expected {exception.TypeName} to be raised, got the value {PythonLiteral.Format(actual, 200)}",
                    exception.Describe(), shown);
            case ExpectedValue when expected is not null:
                var described = PythonLiteral.Format(expected);
                if (TestRequests.NotAnIterator(test, actual) is { } returned)
                {
                    return new Judgement(TestStatus.Failed,
                        $"{where}expected an iterator (the test takes {test.Take} items), got {returned.TypeName} {PythonLiteral.Format(returned, 200)}",
                        described, PythonLiteral.Format(returned));
                }
                if (checker is not null)
                {
                    var verdict = await checker.CheckAsync(input, expected, actual, cancellationToken).ConfigureAwait(false);
                    var judged = FromChecker(verdict, described, shown);
                    return judged.Message is { } m && judged.Fault is null ? judged with { Message = where + m } : judged;
                }
                var comparison = ValueComparer.Compare(expected, actual, test.Comparison);
                return comparison.IsMatch
                    ? new Judgement(TestStatus.Passed, ValueComparer.SubclassNote(expected, actual) is { } note ? where + note : null, described, shown)
                    : new Judgement(TestStatus.Failed, where + comparison.Message, described, shown, comparison.Diff);
            default:
                return Judgement.Faulted($"{where}no expected value is known for this test", actual: shown);
        }
    }

    private static Judgement FromChecker(CheckerVerdict verdict, string expected, string actual)
    {
        if (verdict.Fault is { } fault) return Judgement.Faulted(fault, expected, actual);
        return verdict.Passed
            ? new Judgement(TestStatus.Passed, verdict.Message, expected, actual)
            : new Judgement(TestStatus.Failed, verdict.Message ?? "the checker rejected the value", expected, actual);
    }

    private static Judgement Raised(Expected? expectation, PythonError error, string where)
    {
        var actual = RunDescriptions.Exception(error);
        if (expectation is ExpectedException exception)
        {
            return ExceptionMatcher.Matches(error, exception.TypeName)
                ? new Judgement(TestStatus.Passed, null, exception.Describe(), actual)
                : new Judgement(IsMemoryError(error) ? TestStatus.Memory : TestStatus.Failed, $"{where}expected {exception.TypeName}, got {actual}", exception.Describe(), actual);
        }
        return new Judgement(IsMemoryError(error) ? TestStatus.Memory : TestStatus.Error, $"{where}raised {actual}", expectation?.Describe(), actual);
    }

    /// <summary>The run ended without a value or exception: time, memory, output, a crash.</summary>
    private Judgement Ended(TestRunResult result, Expected? expectation) =>
        new(VerdictRules.FromRun(result.Status), result.Message ?? Default(result.Status), expectation?.Describe());

    private string Default(RunStatus status) => status == RunStatus.TimedOut
        ? $"time limit exceeded: still running at the {Exercises.LimitParser.FormatDuration(timeLimit)} limit (stopped by the soft interrupt)"
        : RunDescriptions.Status(status);

    private static bool IsMemoryError(PythonError error) => error.IsA("MemoryError");

    private static string Short(string code)
    {
        var line = code.Split('\n')[0].Trim();
        return line.Length > 60 || code.Contains('\n', StringComparison.Ordinal) ? line[..Math.Min(line.Length, 60)] + " ..." : line;
    }
}
