using System.Text.Json;
using CodeGrader.Core.Values;
using CodeGrader.Protocol;

namespace CodeGrader.Core.Execution;

/// <summary>
/// The common answer, read in one pass over its tokens: a Result whose members are among id, outcome, value, more,
/// time_ns, cpu_ns, stdout, stderr and output_truncated, each once and of its type, with its value read from its own
/// bytes as <see cref="CanonicalValueReader.Read(JsonElement)"/> reads it. Anything else (an error, steps, a member
/// twice, a null where one is not allowed, JSON that does not parse) is not read here: the caller deserializes the
/// answer strictly through the generated context, which accepts or refuses it as it always has. Through that
/// context's parameterized-constructor path every answer cost an argument array, boxes and a document for its value:
/// HumanEval+'s 124,000 answers were 0.4 s of the host's CPU.
/// </summary>
internal static class PlainResultReader
{
    [Flags]
    private enum Seen
    {
        None = 0, Id = 1, Outcome = 2, Value = 4, More = 8, TimeNs = 16, CpuNs = 32, Stdout = 64, Stderr = 128, OutputTruncated = 256,
    }

    /// <summary>The answer and its value, or null when it is not a plain Result (then read it the strict way).</summary>
    public static (ResultMessage Result, PyValue? Value)? TryRead(ReadOnlySpan<byte> payload)
    {
        try
        {
            return Read(payload);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            return null;
        }
    }

    private static (ResultMessage Result, PyValue? Value)? Read(ReadOnlySpan<byte> payload)
    {
        var reader = new Utf8JsonReader(payload, new JsonReaderOptions { MaxDepth = ProtocolJson.MaxDepth });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return null;
        var seen = Seen.None;
        int? id = null;
        string? outcome = null, stdout = null, stderr = null;
        bool? more = null, truncated = null;
        long? time = null, cpu = null;
        PyValue? value = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var member = reader.ValueTextEquals("id"u8) ? Seen.Id
                : reader.ValueTextEquals("outcome"u8) ? Seen.Outcome
                : reader.ValueTextEquals("value"u8) ? Seen.Value
                : reader.ValueTextEquals("time_ns"u8) ? Seen.TimeNs
                : reader.ValueTextEquals("stdout"u8) ? Seen.Stdout
                : reader.ValueTextEquals("stderr"u8) ? Seen.Stderr
                : reader.ValueTextEquals("more"u8) ? Seen.More
                : reader.ValueTextEquals("cpu_ns"u8) ? Seen.CpuNs
                : reader.ValueTextEquals("output_truncated"u8) ? Seen.OutputTruncated
                : Seen.None;
            if (member == Seen.None || (seen & member) != 0) return null;
            seen |= member;
            if (!reader.Read()) return null;
            var isNull = reader.TokenType == JsonTokenType.Null;
            switch (member)
            {
                case Seen.Id when !isNull: id = reader.GetInt32(); break;
                case Seen.Outcome: if (isNull) return null; outcome = reader.GetString(); break;
                case Seen.Value when !isNull:
                    var start = (int)reader.TokenStartIndex;
                    reader.Skip();
                    value = CanonicalValueReader.Parse(payload[start..(int)reader.BytesConsumed]);
                    break;
                case Seen.TimeNs when !isNull: time = reader.GetInt64(); break;
                case Seen.CpuNs when !isNull: cpu = reader.GetInt64(); break;
                case Seen.Stdout when !isNull: stdout = reader.GetString(); break;
                case Seen.Stderr when !isNull: stderr = reader.GetString(); break;
                case Seen.More when !isNull: more = reader.GetBoolean(); break;
                case Seen.OutputTruncated when !isNull: truncated = reader.GetBoolean(); break;
            }
        }
        if (reader.TokenType != JsonTokenType.EndObject || reader.Read() || outcome is null) return null;
        return (new ResultMessage(outcome, id, More: more, Stdout: stdout, Stderr: stderr, OutputTruncated: truncated, TimeNs: time, CpuNs: cpu), value);
    }
}
