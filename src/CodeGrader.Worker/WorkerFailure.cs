using System.Text.Json;
using CodeGrader.Protocol;

namespace CodeGrader.Worker;

/// <summary>The last word of a worker that failed: a Fatal frame to the host when the channel still works, and stderr.</summary>
internal static class WorkerFailure
{
    public static void Report(FdChannel channel, Exception e)
    {
        try
        {
            channel.Write(FrameKind.Fatal, JsonSerializer.SerializeToUtf8Bytes(new FatalMessage(e.Message), ProtocolJson.Default.FatalMessage));
        }
        catch (IOException)
        {
            // The host is gone; the exit status is all that is left to say.
        }
        Libc.WriteError($"codegrader-worker: {e.GetType().Name}: {e.Message}");
    }
}
