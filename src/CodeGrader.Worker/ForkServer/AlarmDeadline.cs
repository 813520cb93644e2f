using System.Runtime.InteropServices;
using CodeGrader.Python;

namespace CodeGrader.Worker.ForkServer;

/// <summary>
/// The soft deadline of a forked worker, without a thread (a managed thread started after the fork makes the runtime's
/// garbage collector spin): a real-time interval timer whose SIGALRM Python turns into KeyboardInterrupt in the main
/// thread, as the watchdog's simulated SIGINT does. Like it, a courtesy the candidate can catch or ignore; the host's
/// hard kill is the limit.
/// </summary>
internal sealed unsafe partial class AlarmDeadline : ISoftDeadline
{
    private const int ITIMER_REAL = 0;
    private bool _armed;

    /// <summary>Installs Python's handler for SIGALRM; called on the Python thread holding the GIL.</summary>
    public AlarmDeadline(PythonRuntime runtime) =>
        runtime.Execute("import _signal\n_signal.signal(_signal.SIGALRM, _signal.default_int_handler)\n");

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
        var current = stackalloc long[4];
        _ = GetItimer(ITIMER_REAL, current);
        var fired = current[2] == 0 && current[3] == 0;
        Set(0);
        return fired;
    }

    private static void Set(uint milliseconds)
    {
        // struct itimerval { timeval it_interval; timeval it_value; }, no interval: one shot.
        var value = stackalloc long[4] { 0, 0, milliseconds / 1000, milliseconds % 1000 * 1000 };
        _ = SetItimer(ITIMER_REAL, value, null);
    }

    [LibraryImport("libc.so.6", EntryPoint = "setitimer")]
    private static partial int SetItimer(int which, long* value, long* old);

    [LibraryImport("libc.so.6", EntryPoint = "getitimer")]
    private static partial int GetItimer(int which, long* value);
}
