using System.Collections.Concurrent;

namespace CodeGrader.Core.Execution;

/// <summary>
/// Forks each worker from a pristine zygote instead of starting a fresh process (the engine's default:
/// <c>GradingEngineOptions.ForkServer</c>). One zygote per worker binary, Python and confinement, started on first use
/// and again if it dies. Each fork is a fresh process no other submission ran in, confined at least as tightly as a
/// worker started afresh (see <see cref="IForkConfinement"/>). The owner disposes it, which ends every zygote and
/// with them any child still running.
/// </summary>
/// <param name="afreshUntilReady">
/// When true, <see cref="WillFork"/> says no until the zygote for a worker's options is ready (starting it meanwhile),
/// so a grade that finds none running starts its worker afresh rather than wait for the zygote's longer start (the
/// engine's choice). When false, every worker is forked, the first waiting for its zygote.
/// </param>
internal sealed class ForkServer(bool afreshUntilReady = false) : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    // Read without the gate by WillFork; changed only under it.
    private readonly ConcurrentDictionary<(string Worker, string Python, IWorkerConfinement Confinement), Zygote> _zygotes = new();
    private bool _disposed;
    private int _warming;
    private volatile bool _warmUpFailed;

    /// <summary>True when <paramref name="confinement"/> can run a fork server (a fork needs a confinement that builds namespaces).</summary>
    public static bool Supports(IWorkerConfinement confinement) => confinement is IForkConfinement;

    /// <summary>
    /// Whether a worker for <paramref name="options"/> is to be forked: its confinement can fork, and, unless every
    /// worker is forked or the options wait for the zygote (<see cref="WorkerOptions.WaitsForZygote"/>), its zygote is
    /// ready (else this starts it in the background and the caller starts the worker afresh) or the last attempt to
    /// start it in the background failed.
    /// </summary>
    public bool WillFork(WorkerOptions options)
    {
        if (!Supports(options.Confinement)) return false;
        // After a zygote that would not start, the fork is tried, so that it reports why rather than every worker
        // silently starting afresh with a new attempt behind each.
        if (!afreshUntilReady || _warmUpFailed || options.WaitsForZygote) return true;
        if (_zygotes.TryGetValue(Key(options), out var zygote) && zygote.IsAlive) return true;
        WarmUp(options);
        return false;
    }

    private static (string, string, IWorkerConfinement) Key(WorkerOptions options) => (options.WorkerPath, options.Python.LibraryPath, options.Confinement);

    /// <summary>A freshly forked, not yet handshaked worker for <paramref name="options"/>.</summary>
    public async Task<WorkerProcess> ForkAsync(WorkerOptions options, CancellationToken cancellationToken = default)
    {
        if (options.Confinement is not IForkConfinement confinement)
            throw new WorkerStartException($"The fork server needs a confinement that can fork workers ({options.Confinement.Description} cannot).");
        var zygote = await ZygoteForAsync(options, confinement, cancellationToken).ConfigureAwait(false);
        var (child, launch) = await zygote.ForkAsync(options, confinement, cancellationToken).ConfigureAwait(false);
        return WorkerProcess.Adopt(options, child, launch);
    }

    /// <summary>
    /// Starts the zygote for <paramref name="options"/> in the background unless it runs already; a failure is left for
    /// the next <see cref="ForkAsync"/>, which starts it again and reports why it cannot.
    /// </summary>
    public void WarmUp(WorkerOptions options)
    {
        if (options.Confinement is not IForkConfinement confinement) return;
        if (Interlocked.Exchange(ref _warming, 1) != 0) return; // one warm-up at a time
        _ = Task.Run(async () =>
        {
            try
            {
                await ZygoteForAsync(options, confinement, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception)
            {
                // Whatever it was, the grade's own fork starts the zygote again and reports the problem there.
                _warmUpFailed = true;
            }
            finally
            {
                Volatile.Write(ref _warming, 0);
            }
        });
    }

    private async Task<Zygote> ZygoteForAsync(WorkerOptions options, IForkConfinement confinement, CancellationToken cancellationToken)
    {
        var key = Key(options);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_zygotes.TryGetValue(key, out var existing))
            {
                if (existing.IsAlive) return existing;
                _zygotes.TryRemove(key, out _);
                await existing.DisposeAsync().ConfigureAwait(false);
            }
            var zygote = await Zygote.StartAsync(options, confinement, cancellationToken).ConfigureAwait(false);
            _zygotes[key] = zygote;
            _warmUpFailed = false;
            return zygote;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_disposed) return;
            _disposed = true;
            foreach (var zygote in _zygotes.Values) await zygote.DisposeAsync().ConfigureAwait(false);
            _zygotes.Clear();
        }
        finally
        {
            _gate.Release();
        }
    }
}
