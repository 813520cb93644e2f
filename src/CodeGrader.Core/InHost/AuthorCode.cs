using System.Diagnostics;
using Python.Runtime;
using PyObject = Python.Runtime.PyObject;

namespace CodeGrader.Core.InHost;

/// <summary>How a bounded piece of author code ended.</summary>
internal enum AuthorCodeEnd
{
    /// <summary>It returned (its own failures are in its result).</summary>
    Completed,

    /// <summary>It ran past its limit and the interrupt landed: it returned after a KeyboardInterrupt.</summary>
    Interrupted,

    /// <summary>It ran past its limit and did not stop within the grace period (it caught the interrupt, or loops in C): left behind.</summary>
    Abandoned,
}

/// <summary>The end of a bounded piece of author code and, when it completed or was interrupted, its result.</summary>
internal sealed record AuthorCodeOutcome<T>(AuthorCodeEnd End, T? Result, TimeSpan AuthorTime);

/// <summary>
/// The clock of one piece of author code: the time it runs in the host's Python, without the time it waits on a
/// worker (<see cref="Waiting"/>), which the worker's own limits bound.
/// </summary>
internal sealed class AuthorClock
{
    private readonly Stopwatch _wall = Stopwatch.StartNew();
    private long _waitedTicks;
    private long _waitStarted;
    private int _waiting;

    public bool IsWaiting => Volatile.Read(ref _waiting) == 1;

    public TimeSpan AuthorTime => _wall.Elapsed - TimeSpan.FromTicks(Interlocked.Read(ref _waitedTicks)) -
        (IsWaiting ? _wall.Elapsed - TimeSpan.FromTicks(Interlocked.Read(ref _waitStarted)) : TimeSpan.Zero);

    /// <summary>Marks the time until disposal as waiting on a worker (the GIL is released then).</summary>
    public IDisposable Waiting()
    {
        Interlocked.Exchange(ref _waitStarted, _wall.Elapsed.Ticks);
        Volatile.Write(ref _waiting, 1);
        return new Wait(this);
    }

    private sealed class Wait(AuthorClock clock) : IDisposable
    {
        public void Dispose()
        {
            Interlocked.Add(ref clock._waitedTicks, clock._wall.Elapsed.Ticks - Interlocked.Read(ref clock._waitStarted));
            Volatile.Write(ref clock._waiting, 0);
        }
    }
}

/// <summary>
/// Runs the exercise author's Python (tests.py: its module code, its tests, its helpers) in the host's Python, bounded:
/// on a big-stack thread of its own holding the GIL, watched by the host's clock. Past its limit (its own time, not the
/// time it waits on a worker) the watchdog raises KeyboardInterrupt in its thread (<c>PyThreadState_SetAsyncExc</c>
/// through <see cref="PythonEngine.Interrupt"/>) and again every 100 ms; if it has not returned a second later it is
/// left behind and the caller goes on. Python checks for the interrupt between bytecodes, so a loop in Python stops at
/// once; a single long C call (<c>sum(range(10**12))</c>) stops only when it returns, and holds the GIL until then.
/// </summary>
internal static class AuthorCode
{
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(25);
    private static readonly TimeSpan Repeat = TimeSpan.FromMilliseconds(100);

    public static async Task<AuthorCodeOutcome<T>> RunAsync<T>(HostPython host, TimeSpan limit, Func<PyObject, AuthorClock, T> work, CancellationToken cancellationToken = default)
    {
        var clock = new AuthorClock();
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        long pythonThread = -1;
        var interrupted = 0;
        var thread = new Thread(() =>
        {
            try
            {
                using (Py.GIL())
                {
                    Interlocked.Exchange(ref pythonThread, (long)PythonEngine.GetPythonThreadID());
                    done.TrySetResult(work(host.Module, clock));
                }
            }
            catch (Exception e)
            {
                done.TrySetException(e);
            }
        }, HostPython.StackBytes) { IsBackground = true, Name = "codegrader-author-code" };
        thread.Start();

        TimeSpan? firstInterrupt = null;
        var lastInterrupt = TimeSpan.Zero;
        var watch = Stopwatch.StartNew();
        while (!done.Task.IsCompleted)
        {
            await Task.WhenAny(done.Task, Task.Delay(Poll, cancellationToken)).ConfigureAwait(false);
            if (done.Task.IsCompleted) break;
            cancellationToken.ThrowIfCancellationRequested();
            if (clock.IsWaiting || clock.AuthorTime <= limit || Interlocked.Read(ref pythonThread) < 0) continue;
            if (firstInterrupt is null || watch.Elapsed - lastInterrupt >= Repeat)
            {
                firstInterrupt ??= watch.Elapsed;
                lastInterrupt = watch.Elapsed;
                Volatile.Write(ref interrupted, 1);
                Interrupt((ulong)Interlocked.Read(ref pythonThread));
            }
            if (watch.Elapsed - firstInterrupt >= Grace) return new AuthorCodeOutcome<T>(AuthorCodeEnd.Abandoned, default, clock.AuthorTime);
        }
        var result = await done.Task.ConfigureAwait(false);
        return new AuthorCodeOutcome<T>(Volatile.Read(ref interrupted) == 1 ? AuthorCodeEnd.Interrupted : AuthorCodeEnd.Completed, result, clock.AuthorTime);
    }

    /// <summary>On a thread of its own: taking the GIL waits for the looping thread to let it go, which C code may never do.</summary>
    private static void Interrupt(ulong pythonThread)
    {
        var thread = new Thread(() =>
        {
            using (Py.GIL()) PythonEngine.Interrupt(pythonThread);
        }) { IsBackground = true, Name = "codegrader-author-interrupt" };
        thread.Start();
    }
}
