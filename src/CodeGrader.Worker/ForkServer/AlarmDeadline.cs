using System.Runtime.InteropServices;
using CodeGrader.Python;

namespace CodeGrader.Worker.ForkServer;

/// <summary>
/// The soft deadline of a forked worker, without a thread (a managed thread started after the fork makes the runtime's
/// garbage collector spin): a POSIX timer on the monotonic clock whose signal, one of the grader's own, Python turns
/// into KeyboardInterrupt in the main thread, as the watchdog's simulated SIGINT does. Not SIGALRM: a submission's own
/// <c>signal.alarm</c> or <c>signal.setitimer</c> neither moves nor fires this deadline. Like the watchdog, a courtesy
/// the candidate can catch or ignore; the host's hard kill is the limit.
/// </summary>
internal sealed unsafe partial class AlarmDeadline : ISoftDeadline
{
    /// <summary>SIGRTMIN + 3 (glibc's SIGRTMIN is 34; it keeps 32 and 33 for itself).</summary>
    internal const int Signal = 37;

    private const int CLOCK_MONOTONIC = 1;
    private const int SIGEV_SIGNAL = 0;
    private readonly nint _timer;
    private bool _armed;

    /// <summary>Makes the timer and installs Python's handler for its signal; called on the Python thread holding the GIL.</summary>
    public AlarmDeadline(PythonRuntime runtime)
    {
        runtime.Execute($"import _signal\n_signal.signal({Signal}, _signal.default_int_handler)\n");
        // struct sigevent (64 bytes): sigev_value (8), sigev_signo (4), sigev_notify (4), the rest unused here.
        var sigevent = stackalloc byte[64];
        new Span<byte>(sigevent, 64).Clear();
        *(int*)(sigevent + 8) = Signal;
        *(int*)(sigevent + 12) = SIGEV_SIGNAL;
        nint timer;
        if (TimerCreate(CLOCK_MONOTONIC, sigevent, &timer) != 0)
            throw new InvalidOperationException($"timer_create failed (errno {Marshal.GetLastPInvokeError()})");
        _timer = timer;
    }

    public void Arm(uint milliseconds)
    {
        if (milliseconds == 0) return;
        Set(milliseconds);
        _armed = true;
    }

    public bool Disarm()
    {
        if (!_armed) return false;
        _armed = false;
        // struct itimerspec { timespec it_interval; timespec it_value; }: a one-shot timer reads 0 left once it fired.
        // Stopping it and reading what was left is one call, so it cannot fire unseen between a read and the stop.
        var left = stackalloc long[4];
        Set(0, left);
        return left[2] == 0 && left[3] == 0;
    }

    private void Set(uint milliseconds, long* left = null)
    {
        var value = stackalloc long[4] { 0, 0, milliseconds / 1000, milliseconds % 1000 * 1_000_000 };
        _ = TimerSetTime(_timer, 0, value, left);
    }

    [LibraryImport("libc.so.6", EntryPoint = "timer_create", SetLastError = true)]
    private static partial int TimerCreate(int clock, byte* sigevent, nint* timer);

    [LibraryImport("libc.so.6", EntryPoint = "timer_settime")]
    private static partial int TimerSetTime(nint timer, int flags, long* value, long* old);
}
