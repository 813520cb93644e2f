namespace CodeGrader.Service.Submissions;

/// <summary>
/// The slots candidates' Runs share (<see cref="SampleRunner"/>, <see cref="StdinRunner"/>): at most
/// <see cref="ServiceOptions.RunSlotsOrDefault"/> at once on this process, whatever kind; a Run that finds none free
/// within two seconds is refused (503) rather than queued behind others.
/// </summary>
public sealed class RunGate(ServiceOptions options) : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(2);
    private readonly SemaphoreSlim _slots = new(options.RunSlotsOrDefault, options.RunSlotsOrDefault);

    /// <summary>A held slot, released when disposed; null when every slot stayed busy.</summary>
    public async Task<IDisposable?> TryEnterAsync(CancellationToken cancellationToken)
    {
        if (!await _slots.WaitAsync(Patience, cancellationToken).ConfigureAwait(false)) return null;
        return new Slot(_slots);
    }

    public void Dispose() => _slots.Dispose();

    private sealed class Slot(SemaphoreSlim slots) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) slots.Release();
        }
    }
}
