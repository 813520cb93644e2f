namespace CodeGrader.Core.Execution;

/// <summary>
/// Keeps a few workers started ahead so no submission waits for one. Each worker is still used for exactly
/// one submission (taking it removes it from the pool, and a replacement starts at once); the pool never
/// reuses a worker. A worker that failed to start surfaces its exception to the taker.
/// </summary>
/// <remarks>
/// A pool made with an expected number of takes (a batch knows how many submissions each exercise has) starts workers
/// ahead only when one is taken, and no more than takes are still expected: the last submissions of a set of limits
/// leave no worker started for nothing, and a batch of many exercises with limits of their own does not keep idle
/// workers running for each (measured: 164 exercises with distinct time limits, one submission each, peaked at 514
/// worker, monitor and zygote processes alive at once before, 6 after). A take beyond what was expected (a second worker for
/// a submission whose first was killed) starts its worker when asked. <see cref="Expect"/> adds takes as further
/// exercises with these limits are prepared.
/// </remarks>
internal sealed class WorkerPool : IWorkerSource, IAsyncDisposable
{
    private readonly WorkerOptions _options;
    private readonly Queue<Task<WorkerProcess>> _ready = new();
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _closing = new();
    private readonly int _size;
    private readonly bool _counted;
    private long _expected;
    private bool _closed;

    /// <param name="expected">Takes expected of this pool (see <see cref="Expect"/>), the first of them started when taken;
    /// null: no end, <paramref name="size"/> started ahead from now on.</param>
    public WorkerPool(WorkerOptions options, int size, long? expected = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(expected ?? 0);
        _options = options;
        _size = size;
        _counted = expected is not null;
        _expected = expected ?? 0;
        if (!_counted)
        {
            lock (_lock) TopUp();
        }
    }

    /// <summary>Workers started ahead and not yet taken.</summary>
    public int Ahead
    {
        get
        {
            lock (_lock) return _ready.Count;
        }
    }

    /// <summary>
    /// Expects <paramref name="takes"/> more takes. Nothing starts until the first of them: a batch prepares its
    /// exercises ahead of grading them, and workers started for every exercise it has prepared would all wait at once.
    /// </summary>
    public void Expect(int takes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(takes);
        lock (_lock)
        {
            if (!_closed) _expected += takes;
        }
    }

    public Task<WorkerProcess> TakeAsync(CancellationToken cancellationToken = default)
    {
        Task<WorkerProcess> next;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            if (_counted && _expected > 0) _expected--;
            next = _ready.TryDequeue(out var started) ? started : StartOne();
            TopUp();
        }
        return TakeAsync(next, cancellationToken);
    }

    /// <summary>Starts workers until as many wait as the pool's size, or (counted) as takes are still expected. Under the lock.</summary>
    private void TopUp()
    {
        var wanted = _counted ? (int)Math.Min(_size, _expected) : _size;
        while (_ready.Count < wanted) _ready.Enqueue(StartOne());
    }

    /// <summary>Waits for the worker; a taker that gives up still owns it, so it is disposed when it arrives, never left running.</summary>
    private static async Task<WorkerProcess> TakeAsync(Task<WorkerProcess> next, CancellationToken cancellationToken)
    {
        try
        {
            return await next.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            _ = next.ContinueWith(static t => t.Result.DisposeAsync().AsTask(), CancellationToken.None,
                TaskContinuationOptions.OnlyOnRanToCompletion | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).Unwrap();
            throw;
        }
    }

    /// <summary>The process ids of the workers started and waiting to be taken.</summary>
    public IReadOnlyList<int> ReadyPids()
    {
        lock (_lock) return [.. _ready.Where(t => t.IsCompletedSuccessfully).Select(t => t.Result.Ready.Pid)];
    }

    private Task<WorkerProcess> StartOne() => Task.Run(() => WorkerProcess.StartAsync(_options, _closing.Token));

    public async ValueTask DisposeAsync()
    {
        List<Task<WorkerProcess>> left;
        lock (_lock)
        {
            if (_closed) return;
            _closed = true;
            left = [.. _ready];
            _ready.Clear();
        }
        await _closing.CancelAsync().ConfigureAwait(false);
        foreach (var pending in left)
        {
            try
            {
                await (await pending.ConfigureAwait(false)).DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is WorkerStartException or OperationCanceledException)
            {
                // A worker that never became ready has already been cleaned up by StartAsync.
            }
        }
        _closing.Dispose();
    }
}
