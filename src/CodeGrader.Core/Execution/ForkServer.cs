namespace CodeGrader.Core.Execution;

/// <summary>
/// Forks each worker from a pristine zygote instead of starting a fresh process (opt-in:
/// <c>GradingEngineOptions.ForkServer</c>). One zygote per worker binary, Python and confinement, started on first use
/// and again if it dies. Each fork is a fresh process no other submission ran in, confined at least as tightly as a
/// worker started afresh (see <see cref="IForkConfinement"/>). The owner disposes it, which ends every zygote and
/// with them any child still running.
/// </summary>
internal sealed class ForkServer : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<(string Worker, string Python, IWorkerConfinement Confinement), Zygote> _zygotes = [];
    private bool _disposed;

    /// <summary>True when <paramref name="confinement"/> can run a fork server (a fork needs a confinement that builds namespaces).</summary>
    public static bool Supports(IWorkerConfinement confinement) => confinement is IForkConfinement;

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
        _ = Task.Run(async () =>
        {
            try
            {
                await ZygoteForAsync(options, confinement, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception)
            {
                // Whatever it was, the grade's own fork starts the zygote again and reports the problem there.
            }
        });
    }

    private async Task<Zygote> ZygoteForAsync(WorkerOptions options, IForkConfinement confinement, CancellationToken cancellationToken)
    {
        var key = (options.WorkerPath, options.Python.LibraryPath, options.Confinement);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_zygotes.TryGetValue(key, out var existing))
            {
                if (existing.IsAlive) return existing;
                _zygotes.Remove(key);
                await existing.DisposeAsync().ConfigureAwait(false);
            }
            var zygote = await Zygote.StartAsync(options, confinement, cancellationToken).ConfigureAwait(false);
            _zygotes[key] = zygote;
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
