using System.Collections.Concurrent;

namespace CodeGrader.Core.Execution;

/// <summary>Gives the worker source for a set of worker options (an exercise's limits and confinement).</summary>
internal interface IWorkerSourceFactory
{
    IWorkerSource For(WorkerOptions options);
}

/// <summary>Every worker started when it is asked for: right for one submission at a time.</summary>
internal sealed class OnDemandWorkerSources : IWorkerSourceFactory
{
    public static readonly OnDemandWorkerSources Instance = new();

    public IWorkerSource For(WorkerOptions options) => new OnDemandWorkers(options);
}

/// <summary>One <see cref="WorkerPool"/> per distinct set of worker options: right for a batch, where the next
/// submission's worker starts while the current one is graded.</summary>
internal sealed class PooledWorkerSources(int size) : IWorkerSourceFactory, IAsyncDisposable
{
    private readonly ConcurrentDictionary<WorkerOptions, Lazy<WorkerPool>> _pools = new();

    public IWorkerSource For(WorkerOptions options) =>
        _pools.GetOrAdd(options, o => new Lazy<WorkerPool>(() => new WorkerPool(o, size))).Value;

    public async ValueTask DisposeAsync()
    {
        foreach (var pool in _pools.Values.Where(p => p.IsValueCreated)) await pool.Value.DisposeAsync().ConfigureAwait(false);
        _pools.Clear();
    }
}
