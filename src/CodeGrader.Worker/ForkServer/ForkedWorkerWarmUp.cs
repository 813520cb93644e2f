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

    /// <summary>Runs <c>_cg_runner.warm_up</c> (the harness's own paths on a module of its own), with the GIL.</summary>
    public static void RunHarness(PreparedInterpreter prepared)
    {
        var runtime = prepared.Runtime;
        using var globals = runtime.GetAttr(prepared.Handle, "__globals__");
        using var get = runtime.GetAttr(globals, "get");
        using var name = runtime.FromString("warm_up");
        using var warmUp = runtime.Call(get, name);
        using var _ = runtime.Call(warmUp);
        runtime.Execute("__import__('gc').collect()\n");
    }
}
