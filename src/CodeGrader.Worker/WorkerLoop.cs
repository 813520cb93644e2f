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
    private const string SetupScript =
        "import _signal, sys, faulthandler\n" +
        // PyErr_SetInterruptEx crashes 3.11.2 unless Python's own SIGINT handler is installed.
        // _signal, not signal: the latter imports enum (3 ms).
        "_signal.signal(_signal.SIGINT, _signal.default_int_handler)\n" +
        "faulthandler.enable()\n" +
        "sys.dont_write_bytecode = True\n";

    public void Run()
    {
        var location = settings.Library ?? LibPythonLocator.Locate();
        var runtime = PythonRuntime.Load(location);
        runtime.Initialize();
        runtime.Execute(SetupScript);
        var first = ReadGilFree(runtime);
        if (first is not { Kind: FrameKind.Harness } harnessFrame)
            throw new InvalidDataException($"expected a {FrameKind.Harness} frame first, got {first?.Kind.ToString() ?? "end of stream"}");
        var freshHarness = HarnessLoader.Load(runtime, harnessFrame.Payload.Span);
        using var runner = runtime.Import("_cg_runner");
        using var handle = runtime.GetAttr(runner, "handle");
        using var settle = runtime.GetAttr(runner, "settle");
        using var errors = runtime.Import("_cg_errors");
        using var timeLimit = runtime.GetAttr(errors, "TimeLimit");
        runtime.Execute("import sys\nfor _m in " + PythonList(HarnessModules.LoadOrder) + ": sys.modules.pop(_m, None)\ndel _m\n");

        var watchdog = new Watchdog(runtime);
        watchdog.Start(timeLimit);
        var ready = new ReadyMessage(runtime.Version.ToString(), Libc.GetPid(), freshHarness is null ? null : Convert.ToBase64String(freshHarness));
        channel.Write(FrameKind.Ready, JsonSerializer.SerializeToUtf8Bytes(ready, ProtocolJson.Default.ReadyMessage));

        while (true)
        {
            if (ReadGilFree(runtime) is not { } frame) return;
            var answerKind = frame.Kind == FrameKind.Load ? FrameKind.Loaded : FrameKind.Result;
            watchdog.Arm(frame.DeadlineMs);
            byte[] answer;
            try
            {
                answer = Handle(runtime, handle, frame);
            }
            catch (PythonException e)
            {
                answer = FallbackAnswer.For(frame, e.Error);
            }
            if (watchdog.Disarm()) Settle(runtime, settle);
            channel.Write(answerKind, answer);
        }
    }

    /// <summary>Blocks on the channel with the GIL released, so the watchdog and candidate threads are never starved.</summary>
    private Frame? ReadGilFree(PythonRuntime runtime)
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

    private static string PythonList(IEnumerable<string> names) => "[" + string.Join(", ", names.Select(n => $"'{n}'")) + "]";
}
