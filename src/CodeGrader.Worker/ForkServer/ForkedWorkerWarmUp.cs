using System.Text.Json;
using CodeGrader.Protocol;

namespace CodeGrader.Worker.ForkServer;

/// <summary>
/// What the zygote computes once, before it says Ready, so that no forked worker computes it again: the JSON metadata
/// of the messages a worker writes (built on first use; about 1% of a many-exercises batch's CPU when every forked
/// worker built its own Ready's), and the frame kinds' table.
/// </summary>
internal static class ForkedWorkerWarmUp
{
    public static void Run()
    {
        _ = JsonSerializer.SerializeToUtf8Bytes(new ReadyMessage("3", 1), ProtocolJson.Default.ReadyMessage);
        _ = JsonSerializer.SerializeToUtf8Bytes(new FatalMessage(""), ProtocolJson.Default.FatalMessage);
        _ = ProtocolJson.Default.LoadedMessage;
        _ = ProtocolJson.Default.ResultMessage;
        _ = ProtocolJson.Default.TestMessage;
        Span<byte> header = stackalloc byte[Frame.HeaderSize];
        Frame.WriteHeader(header, FrameKind.Test, 0, 0);
        _ = Frame.TryReadHeader(header, out _, out _, out _, out _);
    }
}
