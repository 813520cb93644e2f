using System.Collections.Immutable;
using System.Text.Json;
using CodeGrader.Core.Diagnostics;
using CodeGrader.Core.Values;
using CodeGrader.Protocol;
using CodeGrader.Python;

namespace CodeGrader.Core.Execution;

/// <summary>
/// Reads the worker's Loaded and Result payloads (docs/protocol.md) into results, through the protocol's records and
/// their generated, strict deserializers. The host's clock has the last word on time: an answer that came back after
/// the limit is a time-out whatever the worker says.
/// </summary>
internal static class AnswerReader
{
    /// <summary>
    /// Reads a Loaded payload. <paramref name="violation"/> is true when the payload is not a Loaded message at all
    /// (garbage, a member the record does not have, a wrong type): the caller kills the worker.
    /// </summary>
    public static LoadResult ReadLoaded(ReadOnlyMemory<byte> payload, string fileName, TimeSpan elapsed, TimeSpan limit, out bool violation)
    {
        violation = false;
        try
        {
            var loaded = Deserialize(payload, ProtocolJson.Default.LoadedMessage);
            var diagnostics = loaded.Diagnostics.Select(d => ReadDiagnostic(d, fileName)).ToImmutableArray();
            var (status, error, refusal) = Outcome(loaded.Outcome ?? Outcomes.Value, loaded.Error, null);
            if (!diagnostics.IsEmpty) status = RunStatus.CompileError;
            if (elapsed > limit && status is RunStatus.Completed or RunStatus.Raised) status = RunStatus.TimedOut;
            return new LoadResult(status, diagnostics, error, loaded.Stdout ?? "", loaded.Stderr ?? "", elapsed, refusal);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            violation = true;
            return new LoadResult(RunStatus.ProtocolError, [], null, "", "", elapsed, $"the worker's answer was malformed: {e.Message}");
        }
    }

    /// <summary>
    /// Reads a Result payload. <paramref name="violation"/> is true when it is not this request's answer: garbage, not a
    /// Result message, or a Result with another request's id (forged or stale). The caller kills the worker. With
    /// <paramref name="leaveBigValue"/>, a big answer's value is left as its JSON (<see cref="TestRunResult.ValueJson"/>,
    /// checked to be JSON, read by <see cref="TestRunResult.ReadValue"/> only when needed).
    /// </summary>
    public static TestRunResult ReadResult(ReadOnlyMemory<byte> payload, int expectedId, TimeSpan elapsed, TimeSpan limit, out bool violation,
        bool leaveBigValue = false)
    {
        violation = false;
        try
        {
            var (result, topValue, valueJson) = DeserializeResult(payload, leaveBigValue);
            if (result.Id != expectedId)
            {
                violation = true;
                return new TestRunResult(RunStatus.ProtocolError, null, null, "", "", elapsed, null,
                    Message: "the worker answered with a result for a different request (a forged or stale answer)");
            }
            var steps = result.Steps is { } stepList ? stepList.Select(ReadStep).ToImmutableArray() : [];
            // A class test's outcome is its last step's: the one that failed, or the final one.
            var (status, error, refusal) = steps.IsEmpty ? Outcome(result.Outcome, result.Error, result.Message) : (steps[^1].Status, steps[^1].Error, null);
            var value = topValue;
            if (elapsed > limit && status is RunStatus.Completed or RunStatus.Raised) status = RunStatus.TimedOut;
            TimeSpan? workerTime = result.TimeNs is { } ns ? TimeSpan.FromTicks(ns / 100) : null;
            if (!steps.IsEmpty) workerTime = TimeSpan.FromTicks(result.Steps!.Sum(s => (s.TimeNs ?? 0) / 100));
            return new TestRunResult(
                status, value, error,
                steps.IsEmpty ? result.Stdout ?? "" : string.Concat(steps.Select(s => s.Stdout)),
                result.Stderr ?? "", elapsed, workerTime,
                OutputTruncated: result.OutputTruncated ?? false,
                MoreItems: result.More ?? false,
                Message: refusal)
            {
                Steps = steps,
                StdoutBytes = result.StdoutBytes is { } stdout ? [.. Convert.FromBase64String(stdout)] : null,
                StderrBytes = result.StderrBytes is { } stderr ? [.. Convert.FromBase64String(stderr)] : null,
                CpuTime = result.CpuNs is { } cpu ? TimeSpan.FromTicks(cpu / 100) : null,
                ValueJson = valueJson,
            };
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            violation = true;
            return new TestRunResult(RunStatus.ProtocolError, null, null, "", "", elapsed, null, Message: $"the worker's answer was malformed: {e.Message}");
        }
    }

    /// <summary>
    /// A Result and its value. A big answer's value (a million floats) is read straight from its tokens where it lies
    /// in the payload (or not at all, when <paramref name="leaveBigValue"/>), and the rest of the answer, the value taken
    /// out, is deserialized strictly as usual: no copy of the value's JSON and no token table beside it.
    /// </summary>
    private static (ResultMessage Result, PyValue? Value, ReadOnlyMemory<byte>? ValueJson) DeserializeResult(ReadOnlyMemory<byte> payload, bool leaveBigValue)
    {
        if (payload.Length > StreamedValueBytes && TopLevelValue(payload.Span) is { } range)
        {
            var value = leaveBigValue ? null : CanonicalValueReader.Parse(payload.Span[range]);
            var (start, end) = (range.Start.Value, range.End.Value);
            var rest = new byte[payload.Length - (end - start) + 4];
            payload.Span[..start].CopyTo(rest);
            "null"u8.CopyTo(rest.AsSpan(start));
            payload.Span[end..].CopyTo(rest.AsSpan(start + 4));
            return (Deserialize(rest, ProtocolJson.Default.ResultMessage), value, payload[range]);
        }
        if (PlainResultReader.TryRead(payload.Span) is { } plain) return (plain.Result, plain.Value, null);
        var result = Deserialize(payload, ProtocolJson.Default.ResultMessage);
        return (result, result.Value is { } v ? CanonicalValueReader.Read(v) : null, null);
    }

    /// <summary>Answers over this size have their value read from its tokens in place.</summary>
    private const int StreamedValueBytes = 64 * 1024;

    /// <summary>Where the top-level <c>"value"</c> of an answer lies, when it has one that is not null (its JSON is checked on the way).</summary>
    private static Range? TopLevelValue(ReadOnlySpan<byte> payload)
    {
        var reader = new Utf8JsonReader(payload, new JsonReaderOptions { MaxDepth = ProtocolJson.MaxDepth });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isValue = reader.ValueTextEquals("value"u8);
            if (!reader.Read()) return null;
            var start = (int)reader.TokenStartIndex;
            reader.Skip();
            if (isValue && reader.TokenType != JsonTokenType.Null) return start..(int)reader.BytesConsumed;
        }
        return null;
    }

    /// <summary>Strict: throws <see cref="JsonException"/> for anything that is not exactly a <typeparamref name="T"/>.</summary>
    private static T Deserialize<T>(ReadOnlyMemory<byte> payload, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) where T : class =>
        JsonSerializer.Deserialize(payload.Span, type) ?? throw new JsonException($"the answer is null, not a {typeof(T).Name}");

    private static StepResult ReadStep(StepResultMessage step)
    {
        var (status, error, _) = Outcome(step.Outcome, step.Error, null);
        PyValue? value = step.Value is { } v ? CanonicalValueReader.Read(v) : null;
        return new StepResult(step.Step, status, value, error, step.Stdout ?? "");
    }

    private static (RunStatus Status, PythonError? Error, string? Refusal) Outcome(string outcome, ErrorMessage? error, string? message) => outcome switch
    {
        Outcomes.Value => (RunStatus.Completed, null, null),
        Outcomes.Exception => (RunStatus.Raised, ReadError(error ?? throw new FormatException("an exception outcome without an error")), null),
        Outcomes.Interrupted => (RunStatus.TimedOut, null, null),
        Outcomes.OutputLimit => (RunStatus.OutputLimit, null, null),
        Outcomes.ProtocolError => (RunStatus.ProtocolError, null, $"the worker refused the request: {message ?? "no reason given"}"),
        _ => throw new FormatException($"unknown outcome '{outcome}'"),
    };

    private static PythonError ReadError(ErrorMessage error) => new(
        error.Type,
        error.Bases,
        error.Message,
        error.Traceback.Select(f => new PythonFrame(f.File, f.Line, f.Function, f.Repeated ?? 0)).ToList(),
        error.Line,
        error.Column);

    private static Diagnostic ReadDiagnostic(DiagnosticMessage d, string fileName)
    {
        var span = LinePositionSpan.FromOneBased(d.Line, d.Column, d.EndLine, d.EndColumn);
        return new Diagnostic(SourceDiagnostics.ById(d.Id), new Location(fileName, span), d.Message);
    }
}
