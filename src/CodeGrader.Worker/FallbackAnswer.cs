using System.Text.Json;
using CodeGrader.Protocol;
using CodeGrader.Python;

namespace CodeGrader.Worker;

/// <summary>
/// The answer the worker writes itself when the harness could not: an interrupt that landed outside the
/// harness's own handler, or a failure inside it (a MemoryError while building the value, a harness module the
/// candidate broke). A <see cref="LoadedMessage"/> for a Load; for a Test a <see cref="ResultMessage"/> that carries
/// the request's id, so the host takes it as this request's answer.
/// </summary>
internal static class FallbackAnswer
{
    public static byte[] For(Frame request, PythonError error)
    {
        var interrupted = error.IsA("KeyboardInterrupt") || error.Type.EndsWith("TimeLimit", StringComparison.Ordinal);
        var outcome = interrupted ? Outcomes.Interrupted : Outcomes.Exception;
        var description = interrupted ? null : new ErrorMessage(error.Type, [.. error.Bases], error.Message, []);
        if (request.Kind == FrameKind.Load)
        {
            var loaded = new LoadedMessage(false, [], outcome, description, Stdout: "", Stderr: "");
            return JsonSerializer.SerializeToUtf8Bytes(loaded, ProtocolJson.Default.LoadedMessage);
        }
        var result = new ResultMessage(outcome, RequestId(request.Payload.Span), Error: description, Stdout: "", Stderr: "");
        return JsonSerializer.SerializeToUtf8Bytes(result, ProtocolJson.Default.ResultMessage);
    }

    /// <summary>The id of a Test request, or null when the payload is not one.</summary>
    internal static int? RequestId(ReadOnlySpan<byte> request)
    {
        try
        {
            return JsonSerializer.Deserialize(request, ProtocolJson.Default.TestMessage)?.Id;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
