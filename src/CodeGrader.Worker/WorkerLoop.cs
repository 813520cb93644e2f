using System.Text.Json;
using CodeGrader.Protocol;
using CodeGrader.Python;

namespace CodeGrader.Worker;

/// <summary>
/// Runs on the big-stack Python thread: starts the interpreter, loads the harness, announces readiness,
/// then answers requests one at a time until the host closes the channel.
/// </summary>
internal sealed class WorkerLoop(WorkerSettings settings, FdChannel channel)
{
    public void Run()
    {
        var prepared = PreparedInterpreter.Start(settings, runtime =>
        {
            var first = ReadGilFree(runtime, channel);
            if (first is not { Kind: FrameKind.Harness } harnessFrame)
                throw new InvalidDataException($"expected a {FrameKind.Harness} frame first, got {first?.Kind.ToString() ?? "end of stream"}");
            return harnessFrame.Payload;
        });
        Serve(prepared, channel);
    }

    /// <summary>
    /// Starts the soft deadline (the watchdog thread, unless <paramref name="deadline"/> gives another), says Ready, and
    /// answers requests until the channel closes.
    /// </summary>
    public static void Serve(PreparedInterpreter prepared, FdChannel channel, bool offerHarness = true, ISoftDeadline? deadline = null)
    {
        var runtime = prepared.Runtime;
        var watchdog = deadline;
        if (watchdog is null)
        {
            var thread = new Watchdog(runtime);
            thread.Start(prepared.TimeLimit);
            watchdog = thread;
        }
        var harness = offerHarness && prepared.FreshHarness is { } fresh ? Convert.ToBase64String(fresh) : null;
        var ready = new ReadyMessage(runtime.Version.ToString(), Libc.GetPid(), harness);
        channel.Write(FrameKind.Ready, JsonSerializer.SerializeToUtf8Bytes(ready, ProtocolJson.Default.ReadyMessage));

        while (true)
        {
            if (ReadGilFree(runtime, channel) is not { } frame) return;
            var answerKind = frame.Kind == FrameKind.Load ? FrameKind.Loaded : FrameKind.Result;
            watchdog.Arm(frame.DeadlineMs);
            byte[] answer;
            try
            {
                answer = Handle(runtime, prepared.Handle, frame);
            }
            catch (PythonException e)
            {
                answer = FallbackAnswer.For(frame, e.Error);
            }
            if (watchdog.Disarm()) Settle(runtime, prepared.Settle);
            channel.Write(answerKind, answer);
        }
    }

    /// <summary>Blocks on the channel with the GIL released, so the watchdog and candidate threads are never starved.</summary>
    public static Frame? ReadGilFree(PythonRuntime runtime, FdChannel channel)
    {
        using (runtime.ReleaseGil()) return channel.Read();
    }

    private static byte[] Handle(PythonRuntime runtime, PyObject handle, Frame frame)
    {
        using var kind = runtime.FromLong((long)frame.Kind);
        using var payload = runtime.FromBytes(frame.Payload.Span);
        using var result = runtime.Call(handle, kind, payload);
        return runtime.AsBytes(result).ToArray();
    }

    /// <summary>Lets a late interrupt land harmlessly before the next request.</summary>
    private static void Settle(PythonRuntime runtime, PyObject settle)
    {
        try
        {
            using var result = runtime.Call(settle);
        }
        catch (PythonException)
        {
            // An interrupt that arrived during settle itself is spent; nothing else can raise here.
        }
    }
}
