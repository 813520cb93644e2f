namespace CodeGrader.Core.Execution;

/// <summary>
/// Workers started ahead for a long-lived grader (the service), so a submission finds its fresh worker ready instead of
/// waiting for a sandbox and an interpreter to start. One <see cref="WorkerPool"/> per set of worker options recently
/// asked for (an exercise's limits), at most <see cref="MaxPools"/> of them, the least recently used stopped first; a
/// pool nobody has taken from for the idle time is stopped, so an idle grader holds no spare processes. As with any
/// pool, each worker serves one submission and is never reused.
/// </summary>
internal sealed class SpareWorkerSources : IWorkerSourceFactory, IAsyncDisposable
{
    /// <summary>Distinct sets of limits kept warm at once.</summary>
    public const int MaxPools = 4;

    private readonly Lock _lock = new();
    private readonly Dictionary<WorkerOptions, Entry> _pools = [];
    private readonly int _size;
    private readonly TimeSpan _idle;
    private readonly TimeProvider _time;
    private readonly ITimer _sweeper;
    private bool _disposed;

    public SpareWorkerSources(int size, TimeSpan idle, TimeProvider? time = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(idle, TimeSpan.Zero);
        _size = size;
        _idle = idle;
        _time = time ?? TimeProvider.System;
        var period = idle / 2;
        _sweeper = _time.CreateTimer(_ => _ = StopAsync(Sweep(stopAll: false)), null, period, period);
    }

    /// <summary>Pools running now (for tests and logs).</summary>
    public int PoolCount
    {
        get
        {
            lock (_lock) return _pools.Count;
        }
    }

    /// <summary>The process ids of the spare workers started and waiting.</summary>
    public IReadOnlyList<int> SparePids()
    {
        lock (_lock) return [.. _pools.Values.SelectMany(e => e.Pool.ReadyPids())];
    }

    public IWorkerSource For(WorkerOptions options) => new Source(this, options);

    /// <summary>A worker from the options' pool, made (and others stopped) as needed. Taking happens under the lock that
    /// stopping takes, so a pool is never stopped between being chosen and being taken from.</summary>
    private Task<WorkerProcess> TakeAsync(WorkerOptions options, CancellationToken cancellationToken)
    {
        List<WorkerPool> stopped;
        Task<WorkerProcess> taken;
        lock (_lock)
        {
            if (_disposed) return WorkerProcess.StartAsync(options, cancellationToken);
            if (!_pools.TryGetValue(options, out var entry))
            {
                entry = new Entry(new WorkerPool(options, _size));
                _pools[options] = entry;
            }
            entry.LastUsed = _time.GetTimestamp();
            taken = entry.Pool.TakeAsync(cancellationToken);
            stopped = SweepLocked(stopAll: false);
        }
        _ = StopAsync(stopped);
        return taken;
    }

    private List<WorkerPool> Sweep(bool stopAll)
    {
        lock (_lock) return SweepLocked(stopAll);
    }

    private List<WorkerPool> SweepLocked(bool stopAll)
    {
        var now = _time.GetTimestamp();
        var stop = _pools.Where(p => stopAll || _time.GetElapsedTime(p.Value.LastUsed, now) >= _idle).Select(p => p.Key).ToList();
        var busiest = _pools.Where(p => !stop.Contains(p.Key)).OrderByDescending(p => p.Value.LastUsed).ToList();
        stop.AddRange(busiest.Skip(MaxPools).Select(p => p.Key));
        var pools = new List<WorkerPool>(stop.Count);
        foreach (var key in stop)
        {
            pools.Add(_pools[key].Pool);
            _pools.Remove(key);
        }
        return pools;
    }

    private static async Task StopAsync(List<WorkerPool> pools)
    {
        foreach (var pool in pools) await pool.DisposeAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        List<WorkerPool> pools;
        lock (_lock)
        {
            if (_disposed) return;
            _disposed = true;
            pools = SweepLocked(stopAll: true);
        }
        await _sweeper.DisposeAsync().ConfigureAwait(false);
        await StopAsync(pools).ConfigureAwait(false);
    }

    private sealed class Entry(WorkerPool pool)
    {
        public WorkerPool Pool { get; } = pool;

        public long LastUsed { get; set; }
    }

    private sealed class Source(SpareWorkerSources owner, WorkerOptions options) : IWorkerSource
    {
        public Task<WorkerProcess> TakeAsync(CancellationToken cancellationToken = default) => owner.TakeAsync(options, cancellationToken);
    }
}
