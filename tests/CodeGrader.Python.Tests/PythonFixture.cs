namespace CodeGrader.Python.Tests;

/// <summary>
/// One embedded interpreter for the whole test assembly (CPython starts once per process). It is started on
/// a dedicated thread that then gives the GIL up for good, so every test takes it with AcquireGil().
/// </summary>
public sealed class PythonFixture
{
    public PythonFixture()
    {
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                Runtime = PythonRuntime.Load(LibPythonLocator.Locate());
                if (!Runtime.IsInitialized) Runtime.Initialize();
                _ = Runtime.ReleaseGil(); // never taken back: this thread ends, tests use PyGILState
            }
            catch (Exception e)
            {
                failure = e;
            }
        }, 16 * 1024 * 1024);
        thread.Start();
        thread.Join();
        if (failure is not null) throw new InvalidOperationException("Python did not start", failure);
    }

    public PythonRuntime Runtime { get; private set; } = null!;
}

[CollectionDefinition(Name)]
public sealed class PythonCollection : ICollectionFixture<PythonFixture>
{
    public const string Name = "embedded python";
}
