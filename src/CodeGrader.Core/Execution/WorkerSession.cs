
namespace CodeGrader.Core.Execution;

/// <summary>What running one test in a session came to: the test's result, or the failed reload of a fresh worker.</summary>
internal sealed record SessionRun(TestRunResult? Result, LoadResult? ReloadFailure);

/// <summary>
/// The worker of one submission (or of one trusted module), loaded once and replaced by a fresh, freshly loaded one
/// whenever the previous one ended (a hard kill at the deadline, a crash): the remaining tests go on. Collects what
/// every worker of the session reported: Python version, start-up time, peak memory.
/// </summary>
internal sealed class WorkerSession(WorkerOptions options, LoadRequest load, IWorkerSource? workers = null) : IAsyncDisposable
{
    private readonly IWorkerSource _workers = workers ?? new OnDemandWorkers(options);
    private WorkerProcess? _worker;

    public string? PythonVersion { get; private set; }

    /// <summary>How long the first worker took to become ready, on the host clock.</summary>
    public TimeSpan? StartTime { get; private set; }

    public int WorkersStarted { get; private set; }

    /// <summary>The highest peak memory any worker of the session reported, when the confinement measures it.</summary>
    public long? PeakMemoryBytes { get; private set; }

    /// <summary>Starts the first worker and loads the module; throws <see cref="WorkerStartException"/> only when no worker can start.</summary>
    public async Task<LoadResult> StartAsync(CancellationToken cancellationToken = default)
    {
        await RetireAsync().ConfigureAwait(false);
        _worker = await _workers.TakeAsync(cancellationToken).ConfigureAwait(false);
        WorkersStarted++;
        PythonVersion ??= _worker.Ready.PythonVersion;
        StartTime ??= _worker.Ready.StartToReady;
        var result = await _worker.LoadAsync(load, cancellationToken).ConfigureAwait(false);
        if (!_worker.IsAlive) await RetireAsync().ConfigureAwait(false);
        return result;
    }

    /// <summary>Runs one request, in a fresh worker if the last one has ended.</summary>
    public async Task<SessionRun> RunAsync(TestRequest request, CancellationToken cancellationToken = default)
    {
        var (worker, reloadFailure) = await WorkerAsync(cancellationToken).ConfigureAwait(false);
        if (worker is null) return new SessionRun(null, reloadFailure);
        var result = await worker.RunTestAsync(request, cancellationToken).ConfigureAwait(false);
        await RetireIfEndedAsync().ConfigureAwait(false);
        return new SessionRun(result, null);
    }

    /// <summary>The live worker, a fresh and freshly loaded one if the last has ended; else the failed reload.</summary>
    internal async Task<(WorkerProcess? Worker, LoadResult? ReloadFailure)> WorkerAsync(CancellationToken cancellationToken)
    {
        if (_worker is not { IsAlive: true })
        {
            var reload = await StartAsync(cancellationToken).ConfigureAwait(false);
            if (!reload.Succeeded) return (null, reload);
        }
        return (_worker!, null);
    }

    /// <summary>Lets go of the worker once it has ended (a kill, a crash), keeping what it reported; true when it had.</summary>
    internal async Task<bool> RetireIfEndedAsync()
    {
        if (_worker is { IsAlive: true }) return false;
        await RetireAsync().ConfigureAwait(false);
        return true;
    }

    private async Task RetireAsync()
    {
        if (_worker is null) return;
        var worker = _worker;
        _worker = null;
        await worker.DisposeAsync().ConfigureAwait(false);
        if (worker.End?.Usage.PeakMemoryBytes is { } peak) PeakMemoryBytes = Math.Max(PeakMemoryBytes ?? 0, peak);
    }

    public ValueTask DisposeAsync() => new(RetireAsync());
}
