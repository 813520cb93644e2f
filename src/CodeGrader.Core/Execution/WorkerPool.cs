using System.Collections.Concurrent;

namespace CodeGrader.Core.Execution;

/// <summary>
/// Keeps a few workers started ahead so no submission waits for one. Each worker is still used for exactly
/// one submission (taking it removes it from the pool, and a replacement starts at once); the pool never
/// reuses a worker. A worker that failed to start surfaces its exception to the taker.
/// </summary>
internal sealed class WorkerPool : IWorkerSource, IAsyncDisposable
{
    private readonly WorkerOptions _options;
    private readonly ConcurrentQueue<Task<WorkerProcess>> _ready = new();
    private readonly CancellationTokenSource _closing = new();
    private readonly int _size;

    public WorkerPool(WorkerOptions options, int size)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        _options = options;
        _size = size;
        for (var i = 0; i < size; i++) _ready.Enqueue(StartOne());
    }

    public Task<WorkerProcess> TakeAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_closing.IsCancellationRequested, this);
        var next = _ready.TryDequeue(out var started) ? started : StartOne();
        if (_ready.Count < _size) _ready.Enqueue(StartOne());
        return TakeAsync(next, cancellationToken);
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
    public IReadOnlyList<int> ReadyPids() =>
        [.. _ready.Where(t => t.IsCompletedSuccessfully).Select(t => t.Result.Ready.Pid)];

    private Task<WorkerProcess> StartOne() => Task.Run(() => WorkerProcess.StartAsync(_options, _closing.Token));

    public async ValueTask DisposeAsync()
    {
        if (_closing.IsCancellationRequested) return;
        await _closing.CancelAsync().ConfigureAwait(false);
        while (_ready.TryDequeue(out var pending))
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
