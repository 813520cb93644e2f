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
/// submission's worker starts while the current one is graded. Each pool starts workers ahead only for the takes
/// expected of it (<see cref="Expect"/>: the batch tells it how many submissions each exercise with those options has),
/// so a set of options the batch is done with keeps no worker running.</summary>
internal sealed class PooledWorkerSources(int size) : IWorkerSourceFactory, IAsyncDisposable
{
    private readonly ConcurrentDictionary<WorkerOptions, Lazy<WorkerPool>> _pools = new();

    public IWorkerSource For(WorkerOptions options) => Pool(options);

    /// <summary>Expects <paramref name="takes"/> more workers for <paramref name="options"/>, started ahead from its first take as the pool's size allows.</summary>
    public void Expect(WorkerOptions options, int takes) => Pool(options).Expect(takes);

    private WorkerPool Pool(WorkerOptions options) =>
        _pools.GetOrAdd(options, o => new Lazy<WorkerPool>(() => new WorkerPool(o, size, expected: 0))).Value;

    public async ValueTask DisposeAsync()
    {
        foreach (var pool in _pools.Values.Where(p => p.IsValueCreated)) await pool.Value.DisposeAsync().ConfigureAwait(false);
        _pools.Clear();
    }
}
