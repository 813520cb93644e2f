using System.Runtime.InteropServices;
using CodeGrader.Python;
using Python.Runtime;
using PyObject = Python.Runtime.PyObject;

namespace CodeGrader.Core.InHost;

/// <summary>
/// The host's own CPython, through pythonnet: started once per process, lazily, on the libpython the host found for
/// the worker (so <c>ast</c> speaks the worker's grammar), and never finalised. It runs only the project's own module
/// (host_python.py) and <c>ast.parse</c>/<c>ast.literal_eval</c> over text; never a candidate's code.
/// </summary>
/// <remarks>
/// <para>The GIL is released right after initialisation (<see cref="PythonEngine.BeginAllowThreads"/>) and taken only
/// around each short piece of work (<see cref="Run{T}"/>), so no thread of the host waits on a worker or on I/O while
/// holding it, and several engines and threads can use it at once (they take turns for the microseconds of each piece).</para>
/// <para>Never finalised: <see cref="PythonEngine.Shutdown"/> is unsafe while other threads may still hold Python
/// objects or wait for the GIL, and it needs pythonnet's BinaryFormatter-era shutdown path; pythonnet's own hook that
/// would run it at process exit is taken off (<see cref="KeepUnfinalisedAtExit"/>). Process exit is fine once the
/// initialising thread has released the GIL (a process whose main thread holds it hangs at exit: PYTHON-EMBEDDING.md).</para>
/// <para>Isolation, as far as pythonnet allows: before <c>Py_InitializeEx</c> the legacy configuration flags
/// <c>Py_IsolatedFlag</c> (-I), <c>Py_IgnoreEnvironmentFlag</c> (-E), <c>Py_NoUserSiteDirectory</c> (-s),
/// <c>Py_NoSiteFlag</c> (-S) and <c>Py_DontWriteBytecodeFlag</c> (-B) are set in libpython itself, so no PYTHON*
/// variable, user site, site-packages, .pth file or current directory enters sys.path. What it cannot isolate:
/// pythonnet calls <c>Py_InitializeEx</c>, not <c>Py_InitializeFromConfig</c>, so the isolated PyConfig is out of reach;
/// the interpreter shares the host's memory, file descriptors and rights (it is not a boundary, which is why only the
/// project's code runs in it); pythonnet adds its <c>clr</c> module.</para>
/// </remarks>
internal sealed class HostPython
{
    /// <summary>Each piece of work runs on a thread of its own with this stack: ast over absurd nesting recurses in C.</summary>
    internal const int StackBytes = 64 << 20;

    private static readonly Lock Gate = new();
    private static HostPython? _instance;

    private readonly PyObject _module;

    private HostPython(LibPythonLocation python, PyObject module)
    {
        Python = python;
        _module = module;
    }

    /// <summary>The project's module (host_python.py); use it only holding the GIL.</summary>
    internal PyObject Module => _module;

    /// <summary>The library this process's Python was started on.</summary>
    public LibPythonLocation Python { get; }

    /// <summary>The host's Python, started on <paramref name="python"/> the first time; later calls must name the same library.</summary>
    /// <exception cref="InvalidOperationException">This process's Python runs on another library.</exception>
    public static HostPython For(LibPythonLocation python)
    {
        lock (Gate)
        {
            if (_instance is null)
            {
                HostPython? started = null;
                Exception? failure = null;
                OnBigStack(() =>
                {
                    try { started = Start(python); }
                    catch (Exception e) { failure = e; }
                });
                if (failure is not null) throw new InvalidOperationException($"The host's Python did not start on {python.LibraryPath}: {failure.Message}", failure);
                _instance = started;
            }
            if (!string.Equals(Path.GetFullPath(_instance!.Python.LibraryPath), Path.GetFullPath(python.LibraryPath), StringComparison.Ordinal))
            {
                throw new InvalidOperationException(
                    $"The host's Python runs on {_instance.Python.LibraryPath}; one process cannot also embed {python.LibraryPath}.");
            }
            return _instance;
        }
    }

    /// <summary>Runs <paramref name="work"/> holding the GIL, on a big-stack thread of its own, and returns its result.</summary>
    public T Run<T>(Func<PyObject, T> work)
    {
        T result = default!;
        Exception? failure = null;
        OnBigStack(() =>
        {
            try
            {
                using (Py.GIL()) result = work(_module);
            }
            catch (Exception e) { failure = e; }
        });
        if (failure is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        return result;
    }

    private static HostPython Start(LibPythonLocation python)
    {
        Runtime.PythonDLL = python.LibraryPath;
        SetIsolationFlags(python.LibraryPath);
        if (python.Home is { } home) PythonEngine.PythonHome = home;
        PythonEngine.Initialize(setSysArgv: false, initSigs: false);
        KeepUnfinalisedAtExit();
        PyObject module;
        try
        {
            module = PyModule.FromString("codegrader_host", HostModule.Source);
            using var canonical = PyModule.FromString("_cg_canonical", HostModule.CanonicalSource);
            module.SetAttr("_canonical", canonical);
            using var tests = PyModule.FromString("codegrader_tests", HostModule.TestsSource);
            using var proxies = PyModule.FromString("codegrader_proxies", HostModule.ProxiesSource);
            proxies.SetAttr("_canonical", canonical);
            tests.SetAttr("_proxies", proxies);
            using var astLock = module.GetAttr("AST_LOCK");
            tests.SetAttr("_ast_lock", astLock);
            tests.SetAttr("_pytest", PyModule.FromString("codegrader_pytest", HostModule.PytestSource));
            module.SetAttr("_tests", tests);
        }
        finally
        {
            // From here on the GIL is taken only around each piece of work.
            PythonEngine.BeginAllowThreads();
        }
        return new HostPython(python, module);
    }

    /// <summary>
    /// pythonnet's <c>Initialize</c> hooks its <c>Shutdown</c> to process exit, which finalises the interpreter (unsafe
    /// here, see the remarks) after rounds of full .NET and Python collections: about 0.16 s of every <c>grade</c> and 5%
    /// of a 1,000-submission batch's host CPU, spent after the last report. The hook is taken off again; a pythonnet
    /// without it (the method renamed) changes nothing here, and HostPythonExitTests says so.
    /// </summary>
    private static void KeepUnfinalisedAtExit()
    {
        var onExit = typeof(PythonEngine).GetMethod("OnProcessExit", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static,
            [typeof(object), typeof(EventArgs)]);
        if (onExit is not null) AppDomain.CurrentDomain.ProcessExit -= onExit.CreateDelegate<EventHandler>();
    }

    private static void SetIsolationFlags(string libraryPath)
    {
        var library = NativeLibrary.Load(libraryPath);
        foreach (var flag in new[] { "Py_IsolatedFlag", "Py_IgnoreEnvironmentFlag", "Py_NoUserSiteDirectory", "Py_NoSiteFlag", "Py_DontWriteBytecodeFlag" })
        {
            if (NativeLibrary.TryGetExport(library, flag, out var address)) Marshal.WriteInt32(address, 1);
        }
    }

    private static void OnBigStack(Action action)
    {
        var thread = new Thread(() => action(), StackBytes) { IsBackground = true, Name = "codegrader-host-python" };
        thread.Start();
        thread.Join();
    }
}
