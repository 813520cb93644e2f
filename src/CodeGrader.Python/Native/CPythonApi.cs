using System.Runtime.InteropServices;

namespace CodeGrader.Python.Native;

/// <summary>
/// The narrow slice of the CPython C API CodeGrader calls, resolved once from a <c>dlopen</c> handle into
/// unmanaged function pointers (no reflection, so it works under NativeAOT). Stable ABI except the
/// <c>PyConfig</c> functions, whose struct layout <see cref="PyConfigLayout"/> pins per version.
/// </summary>
internal sealed unsafe class CPythonApi
{
    public const int PyFileInput = 257;
    public const int PyEvalInput = 258;

    private readonly nint _handle;

    public CPythonApi(nint handle)
    {
        _handle = handle;
        Py_GetVersion = (delegate* unmanaged<nint>)Get("Py_GetVersion");
        PyConfig_InitIsolatedConfig = (delegate* unmanaged<nint, void>)Get("PyConfig_InitIsolatedConfig");
        PyConfig_SetString = (delegate* unmanaged<nint, nint, nint, PyStatus>)Get("PyConfig_SetString");
        PyConfig_Clear = (delegate* unmanaged<nint, void>)Get("PyConfig_Clear");
        Py_InitializeFromConfig = (delegate* unmanaged<nint, PyStatus>)Get("Py_InitializeFromConfig");
        Py_IsInitialized = (delegate* unmanaged<int>)Get("Py_IsInitialized");

        PyEval_SaveThread = (delegate* unmanaged<nint>)Get("PyEval_SaveThread");
        PyEval_RestoreThread = (delegate* unmanaged<nint, void>)Get("PyEval_RestoreThread");
        PyGILState_Ensure = (delegate* unmanaged<int>)Get("PyGILState_Ensure");
        PyGILState_Release = (delegate* unmanaged<int, void>)Get("PyGILState_Release");
        PyGILState_Check = (delegate* unmanaged<int>)Get("PyGILState_Check");
        PyThread_get_thread_ident = (delegate* unmanaged<nuint>)Get("PyThread_get_thread_ident");
        PyThreadState_SetAsyncExc = (delegate* unmanaged<nuint, nint, int>)Get("PyThreadState_SetAsyncExc");
        PyErr_SetInterruptEx = (delegate* unmanaged<int, int>)Get("PyErr_SetInterruptEx");
        PyOS_BeforeFork = (delegate* unmanaged<void>)Get("PyOS_BeforeFork");
        PyOS_AfterFork_Parent = (delegate* unmanaged<void>)Get("PyOS_AfterFork_Parent");
        PyOS_AfterFork_Child = (delegate* unmanaged<void>)Get("PyOS_AfterFork_Child");
        PyObject_SetArenaAllocator = (delegate* unmanaged<nint, void>)Get("PyObject_SetArenaAllocator");

        Py_IncRef = (delegate* unmanaged<nint, void>)Get("Py_IncRef");
        Py_DecRef = (delegate* unmanaged<nint, void>)Get("Py_DecRef");
        PyUnicode_FromStringAndSize = (delegate* unmanaged<byte*, nint, nint>)Get("PyUnicode_FromStringAndSize");
        PyUnicode_AsUTF8AndSize = (delegate* unmanaged<nint, nint*, byte*>)Get("PyUnicode_AsUTF8AndSize");
        PyBytes_FromStringAndSize = (delegate* unmanaged<byte*, nint, nint>)Get("PyBytes_FromStringAndSize");
        PyBytes_AsStringAndSize = (delegate* unmanaged<nint, byte**, nint*, int>)Get("PyBytes_AsStringAndSize");
        PyLong_FromLongLong = (delegate* unmanaged<long, nint>)Get("PyLong_FromLongLong");
        PyLong_AsLongLong = (delegate* unmanaged<nint, long>)Get("PyLong_AsLongLong");
        PyTuple_New = (delegate* unmanaged<nint, nint>)Get("PyTuple_New");
        PyTuple_SetItem = (delegate* unmanaged<nint, nint, nint, int>)Get("PyTuple_SetItem");
        PyObject_GetAttrString = (delegate* unmanaged<nint, byte*, nint>)Get("PyObject_GetAttrString");
        PyObject_SetAttrString = (delegate* unmanaged<nint, byte*, nint, int>)Get("PyObject_SetAttrString");
        PyObject_Call = (delegate* unmanaged<nint, nint, nint, nint>)Get("PyObject_Call");
        PyObject_Str = (delegate* unmanaged<nint, nint>)Get("PyObject_Str");
        PyObject_Type = (delegate* unmanaged<nint, nint>)Get("PyObject_Type");
        PyObject_IsInstance = (delegate* unmanaged<nint, nint, int>)Get("PyObject_IsInstance");
        PyTuple_Size = (delegate* unmanaged<nint, nint>)Get("PyTuple_Size");
        PyTuple_GetItem = (delegate* unmanaged<nint, nint, nint>)Get("PyTuple_GetItem");
        PyLong_AsLong = (delegate* unmanaged<nint, long>)Get("PyLong_AsLong");
        PyDict_New = (delegate* unmanaged<nint>)Get("PyDict_New");
        PyDict_SetItemString = (delegate* unmanaged<nint, byte*, nint, int>)Get("PyDict_SetItemString");
        PyDict_GetItemString = (delegate* unmanaged<nint, byte*, nint>)Get("PyDict_GetItemString");
        PyImport_AddModule = (delegate* unmanaged<byte*, nint>)Get("PyImport_AddModule");
        PyImport_ImportModule = (delegate* unmanaged<byte*, nint>)Get("PyImport_ImportModule");
        PyModule_GetDict = (delegate* unmanaged<nint, nint>)Get("PyModule_GetDict");
        Py_CompileString = (delegate* unmanaged<byte*, byte*, int, nint>)Get("Py_CompileString");
        PyEval_EvalCode = (delegate* unmanaged<nint, nint, nint, nint>)Get("PyEval_EvalCode");
        PyEval_GetBuiltins = (delegate* unmanaged<nint>)Get("PyEval_GetBuiltins");
        PyErr_Occurred = (delegate* unmanaged<nint>)Get("PyErr_Occurred");
        PyErr_Fetch = (delegate* unmanaged<nint*, nint*, nint*, void>)Get("PyErr_Fetch");
        PyErr_NormalizeException = (delegate* unmanaged<nint*, nint*, nint*, void>)Get("PyErr_NormalizeException");
        PyErr_Clear = (delegate* unmanaged<void>)Get("PyErr_Clear");
        PyErr_SetString = (delegate* unmanaged<nint, byte*, void>)Get("PyErr_SetString");
        PyException_SetTraceback = (delegate* unmanaged<nint, nint, int>)Get("PyException_SetTraceback");

        None = Get("_Py_NoneStruct");
        ExcRuntimeError = *(nint*)Get("PyExc_RuntimeError");
        ExcKeyboardInterrupt = *(nint*)Get("PyExc_KeyboardInterrupt");
    }

    public readonly delegate* unmanaged<nint> Py_GetVersion;
    public readonly delegate* unmanaged<nint, void> PyConfig_InitIsolatedConfig;
    public readonly delegate* unmanaged<nint, nint, nint, PyStatus> PyConfig_SetString;
    public readonly delegate* unmanaged<nint, void> PyConfig_Clear;
    public readonly delegate* unmanaged<nint, PyStatus> Py_InitializeFromConfig;
    public readonly delegate* unmanaged<int> Py_IsInitialized;

    public readonly delegate* unmanaged<nint> PyEval_SaveThread;
    public readonly delegate* unmanaged<nint, void> PyEval_RestoreThread;
    public readonly delegate* unmanaged<int> PyGILState_Ensure;
    public readonly delegate* unmanaged<int, void> PyGILState_Release;
    public readonly delegate* unmanaged<int> PyGILState_Check;
    public readonly delegate* unmanaged<nuint> PyThread_get_thread_ident;
    public readonly delegate* unmanaged<nuint, nint, int> PyThreadState_SetAsyncExc;
    public readonly delegate* unmanaged<int, int> PyErr_SetInterruptEx;
    public readonly delegate* unmanaged<void> PyOS_BeforeFork;
    public readonly delegate* unmanaged<void> PyOS_AfterFork_Parent;
    public readonly delegate* unmanaged<void> PyOS_AfterFork_Child;
    public readonly delegate* unmanaged<nint, void> PyObject_SetArenaAllocator;

    public readonly delegate* unmanaged<nint, void> Py_IncRef;
    public readonly delegate* unmanaged<nint, void> Py_DecRef;
    public readonly delegate* unmanaged<byte*, nint, nint> PyUnicode_FromStringAndSize;
    public readonly delegate* unmanaged<nint, nint*, byte*> PyUnicode_AsUTF8AndSize;
    public readonly delegate* unmanaged<byte*, nint, nint> PyBytes_FromStringAndSize;
    public readonly delegate* unmanaged<nint, byte**, nint*, int> PyBytes_AsStringAndSize;
    public readonly delegate* unmanaged<long, nint> PyLong_FromLongLong;
    public readonly delegate* unmanaged<nint, long> PyLong_AsLongLong;
    public readonly delegate* unmanaged<nint, nint> PyTuple_New;
    public readonly delegate* unmanaged<nint, nint, nint, int> PyTuple_SetItem;
    public readonly delegate* unmanaged<nint, byte*, nint> PyObject_GetAttrString;
    public readonly delegate* unmanaged<nint, byte*, nint, int> PyObject_SetAttrString;
    public readonly delegate* unmanaged<nint, nint, nint, nint> PyObject_Call;
    public readonly delegate* unmanaged<nint, nint> PyObject_Str;
    public readonly delegate* unmanaged<nint, nint> PyObject_Type;
    public readonly delegate* unmanaged<nint, nint, int> PyObject_IsInstance;
    public readonly delegate* unmanaged<nint, nint> PyTuple_Size;
    public readonly delegate* unmanaged<nint, nint, nint> PyTuple_GetItem;
    public readonly delegate* unmanaged<nint, long> PyLong_AsLong;
    public readonly delegate* unmanaged<nint> PyDict_New;
    public readonly delegate* unmanaged<nint, byte*, nint, int> PyDict_SetItemString;
    public readonly delegate* unmanaged<nint, byte*, nint> PyDict_GetItemString;
    public readonly delegate* unmanaged<byte*, nint> PyImport_AddModule;
    public readonly delegate* unmanaged<byte*, nint> PyImport_ImportModule;
    public readonly delegate* unmanaged<nint, nint> PyModule_GetDict;
    public readonly delegate* unmanaged<byte*, byte*, int, nint> Py_CompileString;
    public readonly delegate* unmanaged<nint, nint, nint, nint> PyEval_EvalCode;
    public readonly delegate* unmanaged<nint> PyEval_GetBuiltins;
    public readonly delegate* unmanaged<nint> PyErr_Occurred;
    public readonly delegate* unmanaged<nint*, nint*, nint*, void> PyErr_Fetch;
    public readonly delegate* unmanaged<nint*, nint*, nint*, void> PyErr_NormalizeException;
    public readonly delegate* unmanaged<void> PyErr_Clear;
    public readonly delegate* unmanaged<nint, byte*, void> PyErr_SetString;
    public readonly delegate* unmanaged<nint, nint, int> PyException_SetTraceback;

    /// <summary><c>_Py_NoneStruct</c> is the None object itself, not a pointer to it.</summary>
    public readonly nint None;
    /// <summary><c>PyExc_*</c> are <c>PyObject*</c> variables: the symbol's address holds the pointer.</summary>
    public readonly nint ExcRuntimeError;
    public readonly nint ExcKeyboardInterrupt;

    private nint Get(string name)
    {
        var address = LibDl.Symbol(_handle, name);
        if (address == 0) throw new PythonStartupException($"libpython lacks the symbol '{name}': {LibDl.LastError()}");
        return address;
    }
}
