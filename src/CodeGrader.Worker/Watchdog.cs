using CodeGrader.Python;

namespace CodeGrader.Worker;

/// <summary>
/// A soft per-request deadline. When it passes, the watchdog simulates SIGINT (which also stops the regex
/// engine and other C code that polls for signals), then takes the GIL and raises <c>TimeLimit</c> in the
/// Python thread for pure-Python loops. Both can be caught or never reached by hostile code: the host's
/// hard kill is the real limit; this only turns a slow test into a clean answer when it can.
/// </summary>
/// <remarks>
/// Arming and disarming wake the watchdog thread only when they must: an earlier deadline than the one it sleeps
/// toward, or a deadline that has just fired. Otherwise it wakes at the deadline it was sleeping toward, finds a later
/// one (or none) and sleeps on: with fast tests about once per time limit, instead of twice per test.
/// </remarks>
internal sealed class Watchdog : ISoftDeadline
{
    private readonly PythonRuntime _runtime;
    private const int SignalGraceMs = 50;
    private readonly object _gate = new();
    private readonly Thread _thread;
    private ulong _pythonThreadId;
    private PyObject? _timeLimitType;
    private long _generation;
    private long _deadlineTicks = long.MaxValue;
    private long _sleepUntil = long.MaxValue; // when the watchdog thread wakes by itself (MaxValue: only when pulsed)
    private bool _firing; // the thread is past a deadline, until it is back waiting for the next one
    private bool _fired;

    public Watchdog(PythonRuntime runtime)
    {
        _runtime = runtime;
        _thread = new Thread(Run) { IsBackground = true, Name = "codegrader-watchdog" };
    }

    /// <summary>Starts watching; called on the Python thread while it holds the GIL.</summary>
    public void Start(PyObject timeLimitType)
    {
        _pythonThreadId = _runtime.CurrentThreadId;
        _timeLimitType = timeLimitType;
        _thread.Start();
    }

    public void Arm(uint milliseconds)
    {
        if (milliseconds == 0) return;
        lock (_gate)
        {
            _generation++;
            _fired = false;
            _deadlineTicks = Environment.TickCount64 + milliseconds;
            if (_firing || _deadlineTicks < _sleepUntil) Monitor.PulseAll(_gate);
        }
    }

    /// <summary>Stops the current deadline; true when it had already fired.</summary>
    public bool Disarm()
    {
        lock (_gate)
        {
            _generation++;
            _deadlineTicks = long.MaxValue;
            var fired = _fired;
            _fired = false;
            if (_firing) Monitor.PulseAll(_gate); // a fired deadline waits for this (DisarmedWithin)
            return fired;
        }
    }

    private void Run()
    {
        while (true)
        {
            long generation;
            lock (_gate)
            {
                _firing = false;
                while (true)
                {
                    var wait = _deadlineTicks - Environment.TickCount64;
                    if (_deadlineTicks != long.MaxValue && wait <= 0) break;
                    _sleepUntil = _deadlineTicks;
                    Monitor.Wait(_gate, _deadlineTicks == long.MaxValue ? Timeout.Infinite : (int)Math.Min(wait, int.MaxValue));
                }
                _sleepUntil = long.MaxValue;
                _firing = true;
                generation = _generation;
                _fired = true;
                _deadlineTicks = long.MaxValue;
                // Inside the lock (it only sets a flag, without the GIL): a Disarm either comes first, and nothing
                // fires, or sees _fired with the interrupt already pending, and settles it before the next request.
                _runtime.Interrupt();
            }
            if (DisarmedWithin(generation)) continue;
            // On 3.11 and 3.12 a simulated SIGINT reaches a pure-Python loop only once another thread has
            // taken and released the GIL; 3.13 delivers it directly.
            using (_runtime.AcquireGil()) { }
            if (DisarmedWithin(generation)) continue;
            using (_runtime.AcquireGil())
            {
                // The Python thread cannot disarm while this thread holds the GIL, so the check is stable.
                if (Volatile.Read(ref _generation) == generation && _timeLimitType is not null)
                {
                    _runtime.RaiseInThread(_pythonThreadId, _timeLimitType);
                }
            }
        }
    }

    private bool DisarmedWithin(long generation)
    {
        lock (_gate)
        {
            if (_generation == generation) Monitor.Wait(_gate, SignalGraceMs);
            return _generation != generation;
        }
    }
}
