namespace CodeGrader.Python;

/// <summary>
/// An owned (strong) reference to a Python object. Disposing releases it and requires the GIL: releasing
/// without it throws rather than corrupting the interpreter. A handle that is never disposed is queued by
/// its finalizer and released the next time the GIL is taken through <see cref="PythonRuntime"/>.
/// </summary>
public sealed class PyObject : IDisposable
{
    private readonly PythonRuntime _runtime;
    private nint _handle;

    internal PyObject(PythonRuntime runtime, nint handle)
    {
        _runtime = runtime;
        _handle = handle;
    }

    ~PyObject()
    {
        if (_handle != 0) _runtime.QueueRelease(_handle);
    }

    /// <summary>The raw <c>PyObject*</c>; valid while this handle is alive.</summary>
    public nint Handle => _handle != 0 ? _handle : throw new ObjectDisposedException(nameof(PyObject));

    public bool IsNone => Handle == _runtime.NoneHandle;

    public void Dispose()
    {
        if (_handle == 0) return;
        _runtime.ReleaseOwned(_handle);
        _handle = 0;
        GC.SuppressFinalize(this);
    }
}
