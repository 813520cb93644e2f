using CodeGrader.Core.Execution;
using CodeGrader.Core.Trusted;
using CodeGrader.Core.Values;

namespace CodeGrader.Core.Comparison;

/// <summary>
/// The exercise's checker.py, run in a trusted worker of its own, outside any candidate's sandbox. It receives input,
/// expected and actual as plain Python values: the host writes them as Python source (<see cref="PythonSource"/>),
/// so nothing a candidate returns is ever run as code.
/// </summary>
internal sealed class CustomChecker : IAsyncDisposable
{
    private readonly TrustedTools _tools;

    private CustomChecker(TrustedTools tools) => _tools = tools;

    /// <summary>Starts the worker and loads the checker; a checker that does not load throws <see cref="InvalidOperationException"/>.</summary>
    public static async Task<CustomChecker> StartAsync(string checkerPath, WorkerOptions worker, TimeSpan timePerCheck, CancellationToken cancellationToken)
    {
        var tools = await TrustedTools.StartAsync(worker, timePerCheck, cancellationToken).ConfigureAwait(false);
        try
        {
            var source = await File.ReadAllTextAsync(checkerPath, cancellationToken).ConfigureAwait(false);
            var loaded = await tools.EvaluateAsync(
                $"load_checker({PythonSource.Str(source)}, {PythonSource.Str(Path.GetFileName(checkerPath))})", cancellationToken).ConfigureAwait(false);
            if (loaded.Status != RunStatus.Completed)
                throw new InvalidOperationException($"The checker does not load: {RunDescriptions.Describe(loaded)}");
            return new CustomChecker(tools);
        }
        catch
        {
            await tools.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The input of a function test: the call, and its arguments when builtins alone can evaluate them.</summary>
    public static string FunctionInput(string call, int? take) =>
        $"call_input({PythonSource.Str(call)}, {(take is { } n ? n.ToString(System.Globalization.CultureInfo.InvariantCulture) : "None")})";

    /// <summary>The input of a class test's checked step: the code of the steps so far and the step's index.</summary>
    public static string StepInput(IEnumerable<string> steps, int index) =>
        $"{{'steps': [{string.Join(", ", steps.Select(PythonSource.Str))}], 'index': {index.ToString(System.Globalization.CultureInfo.InvariantCulture)}}}";

    /// <summary>The input of a program test.</summary>
    public static string ProgramInput(string stdin) => $"{{'stdin': {PythonSource.Str(stdin)}}}";

    /// <summary>Asks the checker; <paramref name="input"/> is a Python expression from one of the Input methods.</summary>
    public async Task<CheckerVerdict> CheckAsync(string input, PyValue expected, PyValue actual, CancellationToken cancellationToken)
    {
        if (PythonSource.TryWrite(expected) is not { } expectedSource)
            return CheckerVerdict.Faulted($"the expected value {PythonLiteral.Format(expected, 80)} has no plain form");
        if (PythonSource.TryWrite(actual) is not { } actualSource)
            return new CheckerVerdict(false, $"the value has no plain form to check: {PythonSource.NotPlain(actual) ?? actual.TypeName}");
        var result = await _tools.EvaluateAsync($"run_check({input}, {expectedSource}, {actualSource})", cancellationToken).ConfigureAwait(false);
        if (result.Status != RunStatus.Completed)
            return CheckerVerdict.Faulted($"the checker {RunDescriptions.Describe(result)}");
        return result.Value is PySequence { Items: [PyBool passed, var message] }
            ? new CheckerVerdict(passed.Value, message is PyStr text ? text.Value : null)
            : CheckerVerdict.Faulted($"the checker answered {result.Value}");
    }

    public ValueTask DisposeAsync() => _tools.DisposeAsync();
}
