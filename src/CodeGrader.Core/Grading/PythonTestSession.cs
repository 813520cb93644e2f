using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using CodeGrader.Core.Exercises;
using CodeGrader.Core.Execution;
using CodeGrader.Core.InHost;
using CodeGrader.Core.Results;
using CodeGrader.Protocol;
using Python.Runtime;
using PyObject = Python.Runtime.PyObject;

namespace CodeGrader.Core.Grading;

/// <summary>
/// One submission's run of the exercise's tests.py in the host's Python: the module executed once with fresh globals and
/// the candidate's entry as a proxy whose calls go to <paramref name="worker"/> (the submission's own sandboxed session),
/// then each test run on request, bounded by <paramref name="limit"/> of its own time in the host. While a test waits on
/// the worker the GIL is released, so other submissions' tests go on.
/// </summary>
internal sealed class PythonTestSession(HostPython host, string text, string entry, WorkerSession worker, TimeSpan limit) : IDisposable
{
    private PyObject? _run;
    private bool _started;
    private string? _broken;
    private PythonCallLog? _log;
    private AuthorClock? _clock;
    private CancellationToken _cancellation;

    public async Task<(TestRunResult Result, Judgement Judgement)> RunAsync(ExerciseTest test, CancellationToken cancellationToken)
    {
        _cancellation = cancellationToken;
        var clock = Stopwatch.StartNew();
        if (!_started)
        {
            _started = true;
            await StartAsync(cancellationToken).ConfigureAwait(false);
        }
        var log = new PythonCallLog();
        if (_broken is not null) return (Result(log, clock.Elapsed, ""), Judgement.Faulted(_broken));
        _log = log;
        AuthorCodeOutcome<string> outcome;
        try
        {
            outcome = await AuthorCode.RunAsync(host, limit, (_, authorClock) =>
            {
                _clock = authorClock;
                using var answer = _run!.InvokeMethod("run", new PyString(test.PythonTest!));
                return answer.As<string>();
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (PythonException e)
        {
            return (Result(log, clock.Elapsed, ""), Judgement.Faulted($"{Where(test)} could not run: {e.Message}"));
        }
        var elapsed = clock.Elapsed;
        switch (outcome.End)
        {
            case AuthorCodeEnd.Abandoned:
                _broken = $"not run: {Where(test)} was left running in the host's Python";
                return (Result(log, elapsed, ""), Judgement.Faulted(
                    $"{Where(test)} ran past its time limit of {LimitParser.FormatDuration(limit)} in the author's code and did not stop when interrupted (it was left running)"));
            case AuthorCodeEnd.Interrupted:
                return (Result(log, elapsed, ""), Judgement.Faulted(
                    $"{Where(test)} ran past its time limit of {LimitParser.FormatDuration(limit)} in the author's code (not in the candidate's) and was interrupted"));
        }
        using var document = JsonDocument.Parse(outcome.Result!);
        var answer = document.RootElement;
        var own = answer.GetProperty("stdout").GetString() ?? "";
        return (Result(log, elapsed, own), Judge(test, answer, log));
    }

    private static Judgement Judge(ExerciseTest test, JsonElement answer, PythonCallLog log)
    {
        // The worker ending decides the test, whatever the test did with the exception it got.
        if (log.Ended is { } ended) return new Judgement(VerdictRules.FromRun(ended), log.EndMessage);
        var message = answer.TryGetProperty("message", out var m) ? m.GetString() : null;
        string? Text(string name) => answer.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        return answer.GetProperty("status").GetString() switch
        {
            "passed" => new Judgement(TestStatus.Passed, null),
            "failed" => new Judgement(TestStatus.Failed, message, Text("expected"), Text("actual")),
            "error" when IsMemoryError(answer) => new Judgement(TestStatus.Memory, message),
            "error" => new Judgement(TestStatus.Error, message),
            "skipped" => new Judgement(TestStatus.NotRun, message),
            "interrupted" => Judgement.Faulted($"{Where(test)} was interrupted"),
            _ => Judgement.Faulted($"{Where(test)}: {message}"),
        };
    }

    private static bool IsMemoryError(JsonElement answer) =>
        answer.TryGetProperty("type", out var type) && type.GetString() == "MemoryError" ||
        answer.TryGetProperty("bases", out var bases) && bases.EnumerateArray().Any(b => b.GetString() == "MemoryError");

    private static string Where(ExerciseTest test) =>
        string.Create(CultureInfo.InvariantCulture, $"the exercise's Python test '{test.PythonTest}' ({PythonTestFile.FileName}, line {test.Location.Span.Start.Line + 1})");

    private static TestRunResult Result(PythonCallLog log, TimeSpan elapsed, string own) =>
        new(log.Ended ?? RunStatus.Completed, null, log.LastError, log.Stdout + own, log.Stderr, elapsed,
            log.Calls > 0 ? log.WorkerTime : null, log.OutputTruncated, End: log.End);

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        Func<string, string> bridge = Invoke;
        string? failure = null;
        var outcome = await AuthorCode.RunAsync(host, limit, (module, authorClock) =>
        {
            _clock = authorClock;
            using var tests = module.GetAttr("_tests");
            try
            {
                return tests.InvokeMethod("start", new PyString(text), new PyString(entry), bridge.ToPython());
            }
            catch (PythonException e)
            {
                failure = e.Message;
                return null;
            }
        }, cancellationToken).ConfigureAwait(false);
        if (outcome.End != AuthorCodeEnd.Completed)
            _broken = $"{PythonTestFile.FileName} ran past its time limit of {LimitParser.FormatDuration(limit)} in the author's code while it was loaded";
        else if (failure is not null || outcome.Result is null)
            _broken = $"{PythonTestFile.FileName} failed while it was loaded: {failure}";
        else
            _run = outcome.Result;
    }

    /// <summary>
    /// A proxy's operation (an invoke request as JSON, made by python_tests.py), from the test's thread. pythonnet
    /// releases the GIL around every call into .NET (its method binder's allow_threads), so other submissions' tests run
    /// while this one waits on its worker.
    /// </summary>
    private string Invoke(string json)
    {
        var invoke = JsonSerializer.Deserialize(json, ProtocolJson.Default.InvokeMessage)
            ?? throw new InvalidOperationException("python_tests.py sent a null invoke request");
        var log = _log;
        var clock = _clock;
        if (log is null || clock is null) return """{"outcome":"ended","message":"the candidate's code can be called only from a test"}""";
        if (log.AlreadyEnded() is { } ended) return ended;
        try
        {
            using (clock.Waiting())
            {
                var run = worker.RunAsync(TestRequest.ForInvoke(invoke), _cancellation).GetAwaiter().GetResult();
                return log.Record(run);
            }
        }
        catch (OperationCanceledException)
        {
            return log.Failed("the grading was cancelled");
        }
        catch (WorkerStartException e)
        {
            return log.Failed($"the worker did not start: {e.Message}");
        }
    }

    public void Dispose()
    {
        // A test left running still uses the module's objects: leave them to it.
        if (_run is null || _broken is not null) return;
        using (Py.GIL()) _run.Dispose();
        _run = null;
    }
}
