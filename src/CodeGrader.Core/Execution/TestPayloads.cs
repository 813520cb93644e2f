using System.Buffers.Text;
using System.Runtime.CompilerServices;
using System.Text.Json;
using CodeGrader.Protocol;

namespace CodeGrader.Core.Execution;

/// <summary>
/// A test request's Test payload with a given id. The request's JSON after its id is the same for every id, so it is
/// serialized once per request object (a prepared exercise's requests are shared by all its submissions) and each
/// payload is <c>{"id":</c>, the id's digits, then that tail: the bytes the serializer would write, without the message
/// object and the arguments' JSON written again per submission.
/// </summary>
internal static class TestPayloads
{
    private static readonly byte[] IdPrefix = "{\"id\":"u8.ToArray();

    // Keyed by the request object, never by its value: a copy made with `with` is another request with its own tail.
    private static readonly ConditionalWeakTable<TestRequest, byte[]> Tails = new();

    /// <summary>The Test message of <paramref name="request"/> with <paramref name="id"/>, serialized.</summary>
    public static byte[] For(TestRequest request, int id)
    {
        var tail = Tails.GetValue(request, TailOf);
        if (tail.Length == 0) return Serialize(request, id);
        Span<byte> digits = stackalloc byte[11];
        if (!Utf8Formatter.TryFormat(id, digits, out var written)) return Serialize(request, id);
        var payload = new byte[IdPrefix.Length + written + tail.Length];
        IdPrefix.CopyTo(payload, 0);
        digits[..written].CopyTo(payload.AsSpan(IdPrefix.Length));
        tail.CopyTo(payload, IdPrefix.Length + written);
        return payload;
    }

    private static byte[] Serialize(TestRequest request, int id) =>
        JsonSerializer.SerializeToUtf8Bytes(request.ToMessage(id), ProtocolJson.Default.TestMessage);

    /// <summary>What follows <c>{"id":0</c> in the request's payload; empty when the id is not written first (then every payload is serialized whole).</summary>
    private static byte[] TailOf(TestRequest request)
    {
        var whole = Serialize(request, 0);
        var start = IdPrefix.Length + 1;
        return whole.Length > start && whole.AsSpan().StartsWith(IdPrefix) && whole[IdPrefix.Length] == (byte)'0' && whole[start] is (byte)',' or (byte)'}'
            ? whole[start..]
            : [];
    }
}
