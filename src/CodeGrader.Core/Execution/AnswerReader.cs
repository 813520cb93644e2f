using System.Collections.Immutable;
using System.Text.Json;
using CodeGrader.Core.Diagnostics;
using CodeGrader.Core.Values;
using CodeGrader.Python;

namespace CodeGrader.Core.Execution;

/// <summary>
/// Reads the worker's Loaded and Result payloads (docs/protocol.md) into results. The host's clock has the
/// last word on time: an answer that came back after the limit is a time-out whatever the worker says.
/// </summary>
internal static class AnswerReader
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = CanonicalValueReader.MaxJsonDepth };

    public static LoadResult ReadLoaded(ReadOnlyMemory<byte> payload, string fileName, TimeSpan elapsed, TimeSpan limit)
    {
        try
        {
            using var document = JsonDocument.Parse(payload, Options);
            var root = document.RootElement;
            var diagnostics = root.TryGetProperty("diagnostics", out var list)
                ? list.EnumerateArray().Select(d => ReadDiagnostic(d, fileName)).ToImmutableArray()
                : [];
            var (status, error) = Outcome(root, fileName);
            if (!diagnostics.IsEmpty) status = RunStatus.CompileError;
            if (elapsed > limit && status is RunStatus.Completed or RunStatus.Raised) status = RunStatus.TimedOut;
            return new LoadResult(status, diagnostics, error, String(root, "stdout"), String(root, "stderr"), elapsed);
        }
        catch (Exception e) when (e is JsonException or FormatException or KeyNotFoundException or InvalidOperationException)
        {
            return new LoadResult(RunStatus.ProtocolError, [], null, "", "", elapsed, $"the worker's answer was malformed: {e.Message}");
        }
    }

    public static TestRunResult ReadResult(ReadOnlyMemory<byte> payload, int expectedId, TimeSpan elapsed, TimeSpan limit, out bool forged)
    {
        forged = false;
        try
        {
            using var document = JsonDocument.Parse(payload, Options);
            var root = document.RootElement;
            if (!root.TryGetProperty("id", out var id) || id.ValueKind != JsonValueKind.Number || id.GetInt32() != expectedId)
            {
                forged = true;
                return new TestRunResult(RunStatus.ProtocolError, null, null, "", "", elapsed, null,
                    Message: "the worker answered with a result for a different request (a forged or stale answer)");
            }
            var steps = root.TryGetProperty("steps", out var stepList)
                ? stepList.EnumerateArray().Select(ReadStep).ToImmutableArray()
                : [];
            // A class test's outcome is its last step's: the one that failed, or the final one.
            var (status, error) = steps.IsEmpty ? Outcome(root, "") : (steps[^1].Status, steps[^1].Error);
            PyValue? value = root.TryGetProperty("value", out var v) ? CanonicalValueReader.Read(v) : null;
            if (elapsed > limit && status is RunStatus.Completed or RunStatus.Raised) status = RunStatus.TimedOut;
            TimeSpan? workerTime = root.TryGetProperty("time_ns", out var ns) ? TimeSpan.FromTicks(ns.GetInt64() / 100) : null;
            if (!steps.IsEmpty) workerTime = TimeSpan.FromTicks(stepList.EnumerateArray().Sum(s => s.TryGetProperty("time_ns", out var t) ? t.GetInt64() / 100 : 0));
            return new TestRunResult(
                status, value, error,
                steps.IsEmpty ? String(root, "stdout") : string.Concat(steps.Select(s => s.Stdout)),
                String(root, "stderr"), elapsed, workerTime,
                OutputTruncated: root.TryGetProperty("output_truncated", out var truncated) && truncated.GetBoolean(),
                MoreItems: root.TryGetProperty("more", out var more) && more.GetBoolean())
            { Steps = steps };
        }
        catch (Exception e) when (e is JsonException or FormatException or KeyNotFoundException or InvalidOperationException)
        {
            return new TestRunResult(RunStatus.ProtocolError, null, null, "", "", elapsed, null, Message: $"the worker's answer was malformed: {e.Message}");
        }
    }

    private static StepResult ReadStep(JsonElement step)
    {
        var (status, error) = Outcome(step, "");
        PyValue? value = step.TryGetProperty("value", out var v) ? CanonicalValueReader.Read(v) : null;
        return new StepResult(step.GetProperty("step").GetInt32(), status, value, error, String(step, "stdout"));
    }

    private static (RunStatus, PythonError?) Outcome(JsonElement root, string fileName)
    {
        var outcome = root.TryGetProperty("outcome", out var o) ? o.GetString() : "value";
        return outcome switch
        {
            "value" => (RunStatus.Completed, null),
            "exception" => (RunStatus.Raised, ReadError(root.GetProperty("error"))),
            "interrupted" => (RunStatus.TimedOut, null),
            "output_limit" => (RunStatus.OutputLimit, null),
            _ => throw new FormatException($"unknown outcome '{outcome}'"),
        };
    }

    public static PythonError ReadError(JsonElement error)
    {
        var frames = error.TryGetProperty("traceback", out var tb)
            ? tb.EnumerateArray().Select(f => new PythonFrame(
                f.GetProperty("file").GetString() ?? "?", f.GetProperty("line").GetInt32(), f.GetProperty("function").GetString() ?? "?",
                OptionalInt(f, "repeated") ?? 0)).ToList()
            : [];
        return new PythonError(
            error.GetProperty("type").GetString() ?? "Exception",
            error.TryGetProperty("bases", out var bases) ? bases.EnumerateArray().Select(b => b.GetString() ?? "").ToList() : [],
            error.TryGetProperty("message", out var message) ? message.GetString() ?? "" : "",
            frames,
            OptionalInt(error, "line"),
            OptionalInt(error, "column"));
    }

    private static Diagnostic ReadDiagnostic(JsonElement d, string fileName)
    {
        var line = OptionalInt(d, "line") ?? 1;
        var column = OptionalInt(d, "column") ?? 1;
        var span = LinePositionSpan.FromOneBased(line, column, OptionalInt(d, "end_line") ?? line, OptionalInt(d, "end_column") ?? column + 1);
        return new Diagnostic(SourceDiagnostics.ById(d.GetProperty("id").GetString() ?? "CG1001"), new Location(fileName, span), d.GetProperty("message").GetString() ?? "");
    }

    private static int? OptionalInt(JsonElement node, string name) =>
        node.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt32() : null;

    private static string String(JsonElement node, string name) =>
        node.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() ?? "" : "";
}
