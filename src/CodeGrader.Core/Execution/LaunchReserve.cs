namespace CodeGrader.Core.Execution;

/// <summary>
/// Sandboxes built ahead of need: workers spawned with a confinement that waits for the start signal
/// (<see cref="IConfinedLaunch.StartsOnSignal"/>), so their cgroup join, namespaces and mounts are done before a
/// submission asks for a worker, and a start costs about what an unconfined one does. Each is handed out once
/// (<see cref="Take"/> removes it) to a caller with equal <see cref="WorkerOptions"/>, so every submission still gets a
/// fresh process in a fresh sandbox with its own limits; nothing of the worker runs before it is taken.
/// At most <c>capacity</c> are held (the oldest of other options make room); a confinement that cannot wait is never
/// held. The owner disposes it, which kills whatever is still held.
/// </summary>
internal sealed class LaunchReserve : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly List<(WorkerOptions Options, WorkerProcess Worker)> _armed = [];
    private readonly List<WorkerOptions> _arming = [];
    private readonly List<Task> _tasks = [];
    private readonly int _capacity;
    private bool _closed;

    public LaunchReserve(int capacity = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
    }

    /// <summary>Sandboxes held now, armed or being armed.</summary>
    public int Count
    {
        get
        {
            lock (_gate) return _armed.Count + _arming.Count;
        }
    }

    /// <summary>The launcher processes of the sandboxes armed now (spawned, waiting for their start signal).</summary>
    public IReadOnlyList<int> ArmedLauncherPids()
    {
        lock (_gate) return [.. _armed.Select(a => a.Worker.LauncherPid)];
    }

    /// <summary>A worker armed for exactly these options, removed from the reserve; null when none is.</summary>
    public WorkerProcess? Take(WorkerOptions options)
    {
        List<WorkerProcess> dead = [];
        WorkerProcess? taken = null;
        lock (_gate)
        {
            for (var i = 0; i < _armed.Count && taken is null; i++)
            {
                if (!_armed[i].Options.Equals(options)) continue;
                var worker = _armed[i].Worker;
                _armed.RemoveAt(i--);
                if (worker.IsAlive && worker.WaitsForStartSignal) taken = worker;
                else dead.Add(worker);
            }
        }
        foreach (var worker in dead) _ = worker.DisposeAsync().AsTask();
        return taken;
    }

    /// <summary>Starts arming one more sandbox for these options in the background, unless enough are held.</summary>
    public void Refill(WorkerOptions options)
    {
        // An unconfined worker has nothing to build ahead (and must not push out a sandbox that has).
        if (!options.Confinement.IsConfined) return;
        WorkerProcess? evicted = null;
        lock (_gate)
        {
            if (_closed) return;
            if (_armed.Count(a => a.Options.Equals(options)) + _arming.Count(o => o.Equals(options)) >= _capacity) return;
            if (_armed.Count + _arming.Count >= _capacity)
            {
                var oldest = _armed.FindIndex(a => !a.Options.Equals(options));
                if (oldest < 0) return;
                evicted = _armed[oldest].Worker;
                _armed.RemoveAt(oldest);
            }
            _arming.Add(options);
            _tasks.RemoveAll(t => t.IsCompleted);
            _tasks.Add(Task.Run(() => ArmAsync(options)));
        }
        if (evicted is not null) _ = evicted.DisposeAsync().AsTask();
    }

    private async Task ArmAsync(WorkerOptions options)
    {
        WorkerProcess? worker = null;
        var keep = false;
        try
        {
            worker = WorkerProcess.SpawnArmed(options);
        }
        catch (WorkerStartException)
        {
            // The next start spawns its own and reports the problem.
        }
        finally
        {
            lock (_gate)
            {
                _arming.Remove(options);
                if (worker is not null && !_closed)
                {
                    _armed.Add((options, worker));
                    keep = true;
                }
            }
        }
        if (!keep && worker is not null) await worker.DisposeAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        List<WorkerProcess> held;
        Task[] arming;
        lock (_gate)
        {
            _closed = true;
            held = [.. _armed.Select(a => a.Worker)];
            _armed.Clear();
            arming = [.. _tasks];
        }
        // A sandbox still being armed is disposed by its own task once it sees the reserve closed.
        await Task.WhenAll(arming).ConfigureAwait(false);
        foreach (var worker in held) await worker.DisposeAsync().ConfigureAwait(false);
    }
}
