using System.Text.Json;
using CodeGrader.Python;

namespace CodeGrader.Worker;

/// <summary>
/// The answer the worker writes itself when the harness could not: an interrupt that landed outside the
/// harness's own handler, or a failure inside it (a MemoryError while building the value, a harness module the
/// candidate broke). It carries the request's id, so the host takes it as this request's answer.
/// </summary>
internal static class FallbackAnswer
{
    public static byte[] For(ReadOnlySpan<byte> request, PythonError error)
    {
        var interrupted = error.IsA("KeyboardInterrupt") || error.Type.EndsWith("TimeLimit", StringComparison.Ordinal);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (RequestId(request) is { } id) json.WriteNumber("id", id);
            json.WriteBoolean("ok", false);
            json.WriteStartArray("diagnostics");
            json.WriteEndArray();
            if (interrupted)
            {
                json.WriteString("outcome", "interrupted");
            }
            else
            {
                json.WriteString("outcome", "exception");
                json.WriteStartObject("error");
                json.WriteString("type", error.Type);
                json.WriteStartArray("bases");
                foreach (var b in error.Bases) json.WriteStringValue(b);
                json.WriteEndArray();
                json.WriteString("message", error.Message);
                json.WriteStartArray("traceback");
                json.WriteEndArray();
                json.WriteNull("line");
                json.WriteEndObject();
            }
            json.WriteString("stdout", "");
            json.WriteString("stderr", "");
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    /// <summary>The top-level <c>"id"</c> of a request, read without a serializer.</summary>
    internal static long? RequestId(ReadOnlySpan<byte> request)
    {
        try
        {
            var reader = new Utf8JsonReader(request);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isId = reader.ValueTextEquals("id"u8);
                if (!reader.Read()) return null;
                if (isId && reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var id)) return id;
                reader.Skip();
            }
        }
        catch (JsonException)
        {
        }
        return null;
    }
}
