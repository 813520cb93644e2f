using CodeGrader.Python;

namespace CodeGrader.Worker;

/// <summary>
/// CPython started, the setup script run and the harness loaded: everything a worker does before it can take a
/// submission, and nothing of any submission. A plain worker prepares one for itself; a zygote prepares one and forks it.
/// </summary>
internal sealed class PreparedInterpreter
{
    private const string SetupScript =
        "import _signal, sys, faulthandler\n" +
        // PyErr_SetInterruptEx crashes 3.11.2 unless Python's own SIGINT handler is installed.
        // _signal, not signal: the latter imports enum (3 ms).
        "_signal.signal(_signal.SIGINT, _signal.default_int_handler)\n" +
        "faulthandler.enable()\n" +
        "sys.dont_write_bytecode = True\n";

    private PreparedInterpreter(PythonRuntime runtime, PyObject handle, PyObject settle, PyObject timeLimit, byte[]? freshHarness)
    {
        Runtime = runtime;
        Handle = handle;
        Settle = settle;
        TimeLimit = timeLimit;
        FreshHarness = freshHarness;
    }

    public PythonRuntime Runtime { get; }

    /// <summary>The harness's request handler, <c>_cg_runner.handle</c>.</summary>
    public PyObject Handle { get; }

    /// <summary><c>_cg_runner.settle</c>: lets a late interrupt land harmlessly.</summary>
    public PyObject Settle { get; }

    /// <summary>The harness's <c>TimeLimit</c> exception, raised by the watchdog.</summary>
    public PyObject TimeLimit { get; }

    /// <summary>The harness compiled and marshalled here, for the host to hand to the next worker; null when the host's blob was used.</summary>
    public byte[]? FreshHarness { get; }

    /// <summary>Starts Python on the calling thread (which keeps the GIL) and loads the harness from <paramref name="harnessBlob"/> or its sources.</summary>
    public static PreparedInterpreter Start(WorkerSettings settings, Func<PythonRuntime, ReadOnlyMemory<byte>> harnessBlob,
        Action<PythonRuntime>? beforeInitialize = null)
    {
        var location = settings.Library ?? LibPythonLocator.Locate();
        var runtime = PythonRuntime.Load(location, LinkedPython.Built);
        beforeInitialize?.Invoke(runtime);
        runtime.Initialize();
        runtime.Execute(SetupScript);
        var freshHarness = HarnessLoader.Load(runtime, harnessBlob(runtime).Span);
        using var runner = runtime.Import("_cg_runner");
        var handle = runtime.GetAttr(runner, "handle");
        var settle = runtime.GetAttr(runner, "settle");
        using var errors = runtime.Import("_cg_errors");
        var timeLimit = runtime.GetAttr(errors, "TimeLimit");
        runtime.Execute("import sys\nfor _m in " + PythonList(HarnessModules.LoadOrder) + ": sys.modules.pop(_m, None)\ndel _m\n");
        return new PreparedInterpreter(runtime, handle, settle, timeLimit, freshHarness);
    }

    private static string PythonList(IEnumerable<string> names) => "[" + string.Join(", ", names.Select(n => $"'{n}'")) + "]";
}
