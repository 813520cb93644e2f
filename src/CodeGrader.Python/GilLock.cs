namespace CodeGrader.Python;

/// <summary>A held <c>PyGILState_Ensure</c>; disposing releases it exactly once, on the thread that took it.</summary>
public sealed class GilLock : IDisposable
{
    private readonly PythonRuntime _runtime;
    private readonly int _state;
    private readonly int _threadId = Environment.CurrentManagedThreadId;
    private bool _released;

    internal GilLock(PythonRuntime runtime, int state)
    {
        _runtime = runtime;
        _state = state;
    }

    public void Dispose()
    {
        if (_released) return;
        if (Environment.CurrentManagedThreadId != _threadId)
            throw new InvalidOperationException("A GIL lock must be released on the thread that acquired it.");
        _released = true;
        _runtime.ReleaseGilState(_state);
    }
}

/// <summary>The GIL given up by <c>PyEval_SaveThread</c>; disposing takes it back.</summary>
public sealed class GilRelease : IDisposable
{
    private readonly PythonRuntime _runtime;
    private nint _threadState;

    internal GilRelease(PythonRuntime runtime, nint threadState)
    {
        _runtime = runtime;
        _threadState = threadState;
    }

    public void Dispose()
    {
        if (_threadState == 0) return;
        _runtime.RestoreThread(_threadState);
        _threadState = 0;
    }
}
