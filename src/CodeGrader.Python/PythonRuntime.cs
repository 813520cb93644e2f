using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Text;
using CodeGrader.Python.Native;

namespace CodeGrader.Python;

/// <summary>
/// One embedded CPython per process: loaded with <c>RTLD_GLOBAL</c>, version-checked, started isolated.
/// Every operation on objects requires the calling thread to hold the GIL and throws
/// <see cref="InvalidOperationException"/> otherwise; Python errors surface as <see cref="PythonException"/>.
/// </summary>
public sealed unsafe partial class PythonRuntime
{
    private static readonly Lock LoadLock = new();
    private static PythonRuntime? s_loaded;

    private readonly CPythonApi _api;
    private readonly ConcurrentQueue<nint> _pendingReleases = new();

    private PythonRuntime(LibPythonLocation location, CPythonApi api, PythonVersion version)
    {
        Location = location;
        _api = api;
        Version = version;
    }

    public LibPythonLocation Location { get; }
    public PythonVersion Version { get; }
    public bool IsInitialized => _api.Py_IsInitialized() != 0;

    /// <summary>True when the calling thread holds the GIL.</summary>
    public bool HoldsGil => IsInitialized && _api.PyGILState_Check() != 0;

    internal nint NoneHandle => _api.None;

    /// <summary>Loads the library (once per process) and checks its version before anything runs.</summary>
    public static PythonRuntime Load(LibPythonLocation location) => Load(location, linked: false);

    /// <summary>
    /// As <see cref="Load(LibPythonLocation)"/>; in an executable with the interpreter linked in (the worker built with
    /// LinkPython, <paramref name="linked"/> true), the linked one is used, with <paramref name="location"/>'s home, and
    /// only when <paramref name="location"/> is its shared twin (<see cref="LinkedInterpreter"/>): any other would run
    /// another Python's standard library with it.
    /// </summary>
    public static PythonRuntime Load(LibPythonLocation location, bool linked)
    {
        ArgumentNullException.ThrowIfNull(location);
        lock (LoadLock)
        {
            if (s_loaded is not null)
            {
                if (s_loaded.Location.LibraryPath == location.LibraryPath) return s_loaded;
                throw new PythonStartupException(
                    $"This process already loaded {s_loaded.Location.LibraryPath}; one libpython per process.");
            }
            nint handle;
            if (linked)
            {
                if (!LinkedInterpreter.IsTwin(location.LibraryPath))
                {
                    throw new PythonStartupException(
                        $"This worker has the CPython of {LinkedInterpreter.Twin} linked in and runs with that library only, not {location.LibraryPath} (found by {location.Source}); use codegrader-worker, which loads any.");
                }
                handle = LibDl.OpenExecutable(0, LibDl.RtldNow);
                if (handle == 0 || LibDl.Symbol(handle, "Py_GetVersion") == 0)
                    throw new PythonStartupException($"This worker was built to have CPython linked in, but does not export it: {LibDl.LastError()}.");
            }
            else handle = LibDl.Open(location.LibraryPath, LibDl.RtldNow | LibDl.RtldGlobal);
            if (handle == 0)
            {
                throw new PythonStartupException(
                    $"Could not load libpython from {location.LibraryPath} (found by {location.Source}): {LibDl.LastError()}. {LibPythonNotFoundException.Fix}");
            }
            var api = new CPythonApi(handle);
            var versionText = Marshal.PtrToStringUTF8(api.Py_GetVersion());
            var version = PythonVersion.TryParse(versionText)
                ?? throw new PythonStartupException($"{location.LibraryPath} reports an unreadable version '{versionText}'.");
            if (!version.IsSupported || PyConfigLayout.For(version) is null)
            {
                throw new PythonStartupException(
                    $"{location.LibraryPath} is Python {version}; CodeGrader supports Python 3.11, 3.12 and 3.13. " +
                    "Point PYTHONNET_PYDLL or CODEGRADER_LIBPYTHON at a supported libpython.");
            }
            s_loaded = new PythonRuntime(location, api, version);
            return s_loaded;
        }
    }

    /// <summary>
    /// Starts the interpreter on the calling thread, which becomes Python's main thread and returns holding
    /// the GIL. The home is checked first so a wrong one fails with a clear message, not a fatal abort.
    /// </summary>
    public void Initialize(PythonStartOptions? options = null)
    {
        options ??= PythonStartOptions.Default;
        if (IsInitialized) throw new InvalidOperationException("Python is already initialised in this process.");
        CheckHome();
        var layout = PyConfigLayout.For(Version)!;
        var config = (nint)NativeMemory.AllocZeroed(PyConfigLayout.BufferSize);
        try
        {
            _api.PyConfig_InitIsolatedConfig(config);
            WriteInt(config, layout.SiteImport, options.ImportSite ? 1 : 0);
            WriteInt(config, layout.WriteBytecode, options.WriteBytecode ? 1 : 0);
            if (options.HashSeed is { } seed)
            {
                WriteInt(config, layout.UseHashSeed, 1);
                *(ulong*)(config + layout.HashSeed) = seed;
            }
            if (Location.Home is { } home) SetConfigString(config, layout.Home, home);
            var status = _api.Py_InitializeFromConfig(config);
            if (!status.IsOk)
            {
                throw new PythonStartupException(
                    $"Python {Version} from {Location.LibraryPath} failed to start: {status.Describe()}. " +
                    $"Home: '{Location.Home ?? "(computed by Python)"}'.");
            }
        }
        finally
        {
            _api.PyConfig_Clear(config);
            NativeMemory.Free((void*)config);
        }
    }

    private void CheckHome()
    {
        if (Location.Home is not { } home) return;
        var stdlib = Path.Combine(home, "lib", $"python{Version.Major}.{Version.Minor}");
        var landmark = Path.Combine(stdlib, "encodings", "__init__.py");
        if (!File.Exists(landmark))
        {
            throw new PythonStartupException(
                $"Broken Python home '{home}': No module named 'encodings' ({landmark} does not exist). " +
                $"Set CODEGRADER_PYTHONHOME to the prefix that holds lib/python{Version.Major}.{Version.Minor}, " +
                $"or install the standard library: apt-get install -y libpython{Version.Major}.{Version.Minor}-stdlib.");
        }
    }

    private static void WriteInt(nint config, int offset, int value) => *(int*)(config + offset) = value;

    private void SetConfigString(nint config, int offset, string value)
    {
        // wchar_t is 4 bytes on Linux: UTF-32, NUL-terminated.
        var utf32 = Encoding.UTF32.GetBytes(value + "\0");
        fixed (byte* text = utf32)
        {
            var status = _api.PyConfig_SetString(config, config + offset, (nint)text);
            if (!status.IsOk) throw new PythonStartupException($"Could not set the Python home: {status.Describe()}");
        }
    }

    // ---- GIL ----

    /// <summary>Takes the GIL for the calling thread (re-entrant); dispose to give it back.</summary>
    public GilLock AcquireGil()
    {
        var state = _api.PyGILState_Ensure();
        DrainPendingReleases();
        return new GilLock(this, state);
    }

    /// <summary>Gives the GIL up while the caller blocks outside Python; dispose to take it back.</summary>
    public GilRelease ReleaseGil()
    {
        RequireGil();
        return new GilRelease(this, _api.PyEval_SaveThread());
    }

    internal void ReleaseGilState(int state) => _api.PyGILState_Release(state);
    internal void RestoreThread(nint threadState) => _api.PyEval_RestoreThread(threadState);

    /// <summary>Throws when the calling thread does not hold the GIL.</summary>
    public void RequireGil()
    {
        if (!HoldsGil) throw new InvalidOperationException("This Python operation requires the GIL, and the calling thread does not hold it.");
    }

    internal void ReleaseOwned(nint handle)
    {
        RequireGil();
        _api.Py_DecRef(handle);
    }

    internal void QueueRelease(nint handle) => _pendingReleases.Enqueue(handle);

    private void DrainPendingReleases()
    {
        while (_pendingReleases.TryDequeue(out var handle)) _api.Py_DecRef(handle);
    }

    // ---- interrupts (callable from any thread) ----

    /// <summary>The calling thread's Python thread id, for <see cref="RaiseInThread"/>.</summary>
    public ulong CurrentThreadId => _api.PyThread_get_thread_ident();

    /// <summary>Simulates SIGINT for the main thread (async-signal-safe; no GIL needed).</summary>
    public void Interrupt() => _ = _api.PyErr_SetInterruptEx(2);

    /// <summary>Schedules <paramref name="exceptionType"/> to be raised in a thread at its next bytecode boundary.</summary>
    public bool RaiseInThread(ulong threadId, PyObject exceptionType)
    {
        RequireGil();
        return _api.PyThreadState_SetAsyncExc((nuint)threadId, exceptionType.Handle) > 0;
    }

    // ---- fork (a fork server's zygote; see CodeGrader.Worker's ZygoteLoop) ----

    /// <summary>
    /// Forks the process with CPython's fork protocol (<c>PyOS_BeforeFork</c>, then <c>PyOS_AfterFork_Child</c> or
    /// <c>PyOS_AfterFork_Parent</c>), from the calling thread, which must hold the GIL. <paramref name="fork"/> makes the
    /// system call and returns what <c>fork</c> returns; only the calling thread survives in the child.
    /// </summary>
    public int Fork(Func<int> fork)
    {
        ArgumentNullException.ThrowIfNull(fork);
        RequireGil();
        _api.PyOS_BeforeFork();
        var pid = fork();
        if (pid == 0) _api.PyOS_AfterFork_Child();
        else _api.PyOS_AfterFork_Parent();
        return pid;
    }

    /// <summary>
    /// Hands CPython's small-object allocator the functions it takes its arenas from and gives them back to
    /// (<c>PyObject_SetArenaAllocator</c>, which copies the <c>PyObjectArenaAllocator</c> at <paramref name="allocator"/>).
    /// Called before <see cref="Initialize"/> (so that every arena comes from them), or later with the GIL held, when
    /// arenas taken before are given back to the new functions, which must accept them.
    /// </summary>
    public void SetArenaAllocator(nint allocator)
    {
        if (IsInitialized) RequireGil();
        _api.PyObject_SetArenaAllocator(allocator);
    }

}
